using CloudStatus.Bench.Baselines;
using CloudStatus.Bench.Cost;
using CloudStatus.Bench.Fleet;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Compare;

/// <summary>One comparison run: the same fleet and observations through CloudStatus and the three baselines.</summary>
internal sealed record ComparisonResult
{
    public required BenchSpec Spec { get; init; }
    public required CosmosCostModel Cost { get; init; }
    public required WireTally CloudStatus { get; init; }
    public required WireTally Forward { get; init; }
    public required WireTally Snapshot { get; init; }
    public required WireTally Twin { get; init; }

    /// <summary>What the fleet did during the counted time.</summary>
    public required FleetCounts Fleet { get; init; }

    /// <summary>CloudStatus' Cosmos operations per container during the counted time.</summary>
    public required IReadOnlyDictionary<string, ContainerTally> Containers { get; init; }

    /// <summary>Records the edge heaps wrote during the counted time.</summary>
    public required long HeapRecords { get; init; }

    public required long ResyncRequests { get; init; }
    public required long DeadLetters { get; init; }
    public required TimeSpan WallTime { get; init; }

    public IReadOnlyList<WireTally> Baselines => [Forward, Snapshot, Twin];

    /// <summary>Multiplier from the counted duration to one hour.</summary>
    public double PerHour => 3600.0 / Spec.DurationSeconds;
}
