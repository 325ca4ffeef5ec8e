namespace CloudStatus.Bench.Scale;

/// <summary>The scale run's fleet: servers × (server + voicemail + switches × (switch + 2 trunks + fan + devices)).</summary>
internal sealed record ScaleSpec
{
    public int Servers { get; init; } = 1_000;
    public int SwitchesPerServer { get; init; } = 40;
    public int DevicesPerSwitch { get; init; } = 246;

    /// <summary>Share of producers that change in the change round.</summary>
    public double ChangeShare { get; init; } = 0.02;

    /// <summary>Servers handled at once (each server's pipeline is single-threaded, as on a real local server).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public int ProducersPerServer => 2 + (SwitchesPerServer * (4 + DevicesPerSwitch));

    public long TotalProducers => (long)Servers * ProducersPerServer;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Servers is < 1 or > 100_000 || SwitchesPerServer is < 0 or > 10_000 || DevicesPerSwitch is < 0 or > 100_000)
        {
            errors.Add("Servers must be 1–100000, switches 0–10000 and devices 0–100000.");
        }

        if (ChangeShare is < 0 or > 1 || Parallelism < 1)
        {
            errors.Add("ChangeShare must be 0–1 and Parallelism at least 1.");
        }

        return errors;
    }
}
