using System.Globalization;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Fleet;

/// <summary>
/// One benchmark run: the simulated fleet (<see cref="FleetSpec"/>, shared with the dev stack and the tests), the edge's
/// period, and how much simulated time is played before and while counting.
/// </summary>
internal sealed record BenchSpec
{
    public FleetSpec Fleet { get; init; } = new();

    /// <summary>The edge's periodic write and heartbeat interval, and the snapshot baseline's period.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Simulated time before counting starts (everything appears, first writes settle); not counted.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Simulated time that is counted.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    public int PeriodSeconds => (int)Period.TotalSeconds;

    public int WarmUpSeconds => (int)WarmUp.TotalSeconds;

    public int DurationSeconds => (int)Duration.TotalSeconds;

    /// <summary>Every problem as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(Fleet.Validate());
        foreach (var (name, value) in new[] { (nameof(Period), Period), (nameof(Duration), Duration) })
        {
            if (!FleetSpec.WholeSeconds(value))
            {
                errors.Add($"{name} must be a whole number of seconds, at least 1 s (was {value}).");
            }
        }

        if (WarmUp < TimeSpan.Zero || WarmUp.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"WarmUp must be a whole number of seconds (was {WarmUp}).");
        }

        return errors;
    }

    public string Describe() => Fleet.Describe() + string.Create(
        CultureInfo.InvariantCulture,
        $"; period {Period.TotalSeconds:0} s; seed {Fleet.Seed}; warm-up {WarmUp.TotalMinutes:0.#} min, counted {Duration.TotalMinutes:0.#} min");

    /// <summary>Ten tenants; ten servers per site.</summary>
    public static string TenantOf(int serverIndex) => string.Create(CultureInfo.InvariantCulture, $"tenant-{(serverIndex % 10) + 1:00}");

    public static string SiteOf(int serverIndex) => string.Create(CultureInfo.InvariantCulture, $"site-{(serverIndex / 10) + 1:0000}");
}
