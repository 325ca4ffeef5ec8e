namespace CloudStatus.Edge.Simulation;

/// <summary>The simulated equipment of one local server (dev stack and benchmarks).</summary>
internal sealed class FleetSimulatorOptions
{
    public int Switches { get; set; } = 8;

    public int DevicesPerSwitch { get; set; } = 24;

    /// <summary>Share of the changeable producers (devices, trunks, fans) that change per minute.</summary>
    public double ChangeRate { get; set; } = 0.02;

    /// <summary>Share of changes that flap (bounce several times) instead of changing once.</summary>
    public double FlappingShare { get; set; } = 0.1;

    /// <summary>Share of changes that toggle a link between two switches instead.</summary>
    public double LinkChangeShare { get; set; } = 0.05;

    /// <summary>Same seed, same ticks: same observations.</summary>
    public int Seed { get; set; } = 1;

    public TimeSpan RebootDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often <see cref="FleetSimulator.Tick"/> runs (each tick also sends the keepalives).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Validate()
    {
        if (Switches is < 0 or > 10_000)
        {
            yield return $"Simulator.Switches must be 0–10000 (was {Switches}).";
        }

        if (DevicesPerSwitch is < 0 or > 10_000)
        {
            yield return $"Simulator.DevicesPerSwitch must be 0–10000 (was {DevicesPerSwitch}).";
        }

        if (double.IsNaN(ChangeRate) || ChangeRate is < 0 or > 60)
        {
            yield return $"Simulator.ChangeRate must be 0–60 changes per producer per minute (was {ChangeRate}).";
        }

        if (double.IsNaN(FlappingShare) || FlappingShare is < 0 or > 1 || double.IsNaN(LinkChangeShare) || LinkChangeShare is < 0 or > 1)
        {
            yield return "Simulator.FlappingShare and Simulator.LinkChangeShare must be between 0 and 1.";
        }

        if (RebootDuration < TimeSpan.Zero)
        {
            yield return "Simulator.RebootDuration must not be negative.";
        }

        if (TickInterval <= TimeSpan.Zero)
        {
            yield return "Simulator.TickInterval must be positive.";
        }
    }
}
