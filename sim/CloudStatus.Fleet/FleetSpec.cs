using System.Globalization;

namespace CloudStatus.Fleet;

/// <summary>
/// What the simulated equipment does: N local servers, each with a server producer, a voicemail service and switches
/// carrying two trunks, a fan and devices. Every producer reports every <see cref="ReportInterval"/> (a poll); a change
/// is also pushed at once. Rates are per simulated second; the same spec and seed give the same observations.
/// </summary>
public sealed record FleetSpec
{
    public int Servers { get; init; } = 100;

    public int SwitchesPerServer { get; init; } = 8;

    public int DevicesPerSwitch { get; init; } = 24;

    /// <summary>Share of the changeable producers (devices, trunks, fans) whose health or state changes per minute.</summary>
    public double ChangeRate { get; init; } = 0.02;

    /// <summary>Share of the changes that are a flap: 4–7 quick health bounces instead of one change.</summary>
    public double FlapShare { get; init; } = 0.1;

    /// <summary>Reboots per switch per hour (the switch goes offline for <see cref="RebootDuration"/>, then reports a reboot).</summary>
    public double RebootsPerSwitchHour { get; init; } = 0.05;

    /// <summary>Times per switch per hour that a switch goes dark: it and everything under it stop reporting for <see cref="DarkDuration"/>.</summary>
    public double DarkPerSwitchHour { get; init; } = 0.02;

    /// <summary>How long a switch stays offline when it reboots, by chance or when asked to.</summary>
    public TimeSpan RebootDuration { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan DarkDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often every producer reports its (usually unchanged) status.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether every switch reports which peer switches it reaches (at appearance and when a link changes). Off by
    /// default: the benchmark's baselines model no connectivity.
    /// </summary>
    public bool ReportConnectivity { get; init; }

    /// <summary>Share of the changes that toggle the link between two switches instead (only with <see cref="ReportConnectivity"/>).</summary>
    public double LinkChangeShare { get; init; }

    public int Seed { get; init; } = 1;

    public int ProducersPerServer => 2 + (SwitchesPerServer * (4 + DevicesPerSwitch));

    public long TotalProducers => (long)Servers * ProducersPerServer;

    public int ReportIntervalSeconds => (int)ReportInterval.TotalSeconds;

    public int RebootSeconds => (int)RebootDuration.TotalSeconds;

    public int DarkSeconds => (int)DarkDuration.TotalSeconds;

    /// <summary>Every problem as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Require(errors, Servers is >= 1 and <= 100_000, $"Servers must be 1–100000 (was {Servers}).");
        Require(errors, SwitchesPerServer is >= 0 and <= 1_000, $"SwitchesPerServer must be 0–1000 (was {SwitchesPerServer}).");
        Require(errors, DevicesPerSwitch is >= 0 and <= 10_000, $"DevicesPerSwitch must be 0–10000 (was {DevicesPerSwitch}).");
        Require(errors, ChangeRate is >= 0 and <= 1, $"ChangeRate must be 0–1 per minute (was {ChangeRate}).");
        Require(errors, FlapShare is >= 0 and <= 1, $"FlapShare must be 0–1 (was {FlapShare}).");
        Require(errors, LinkChangeShare is >= 0 and <= 1, $"LinkChangeShare must be 0–1 (was {LinkChangeShare}).");
        Require(errors, RebootsPerSwitchHour is >= 0 and <= 3600, $"RebootsPerSwitchHour must be 0–3600 (was {RebootsPerSwitchHour}).");
        Require(errors, DarkPerSwitchHour is >= 0 and <= 3600, $"DarkPerSwitchHour must be 0–3600 (was {DarkPerSwitchHour}).");
        foreach (var (name, value) in new[] { (nameof(RebootDuration), RebootDuration), (nameof(DarkDuration), DarkDuration), (nameof(ReportInterval), ReportInterval) })
        {
            Require(errors, WholeSeconds(value), $"{name} must be a whole number of seconds, at least 1 s (was {value}).");
        }

        return errors;
    }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Servers} servers × ({SwitchesPerServer} switches × ({DevicesPerSwitch} devices + 2 trunks + fan) + server + voicemail) = {TotalProducers:N0} producers; "
        + $"change {ChangeRate:P1}/min, flaps {FlapShare:P0} of changes, reboots {RebootsPerSwitchHour}/switch/h, dark {DarkPerSwitchHour}/switch/h for {DarkDuration.TotalMinutes:0.#} min; "
        + $"every producer reports every {ReportInterval.TotalSeconds:0} s");

    /// <summary>At least one second and a whole number of them (the fleet moves in whole seconds).</summary>
    public static bool WholeSeconds(TimeSpan value) => value >= TimeSpan.FromSeconds(1) && value.Ticks % TimeSpan.TicksPerSecond == 0;

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }
}
