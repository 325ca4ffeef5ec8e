using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>What <see cref="ApplyPlanner"/> decides from: one batch, central's rows it touches, and the clock.</summary>
public sealed record ApplyInput
{
    public required StatusBatch Batch { get; init; }

    /// <summary>Size of the message as received, for the server's counters.</summary>
    public required int Bytes { get; init; }

    /// <summary>The server's row; null for a server never heard of.</summary>
    public required ServerState? Server { get; init; }

    /// <summary>The stored rows of the batch's producers (a producer never stored is absent).</summary>
    public required IReadOnlyDictionary<string, ProducerState> Stored { get; init; }

    /// <summary>
    /// Every stored row of the server, or null when not read: the planner asks for them (see
    /// <see cref="ApplyPlanner.TryPlan"/>) only when a rule needs them.
    /// </summary>
    public IReadOnlyList<ProducerState>? All { get; init; }

    /// <summary>Central's clock: the central timestamp of everything written.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>At most one resync request per server within this window.</summary>
    public required TimeSpan ResyncCooldown { get; init; }
}
