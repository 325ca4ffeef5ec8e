namespace CloudStatus.Convergence.Tests.History;

/// <summary>The steps of a history: what producers report, the edge's loop ticks, the link, and restarts.</summary>
public enum OpKind
{
    /// <summary>Producer <c>p{Arg}</c> reports a health (intake).</summary>
    Observe,

    /// <summary>Producer <c>p{Arg}</c> reports that it rebooted (an async event).</summary>
    Reboot,

    /// <summary>Producer <c>p{Arg}</c> reports Offline, Online, Offline, Online at once: the chatter filter's business.</summary>
    Flap,

    /// <summary>The <c>delete</c> direct method for <c>p{Arg}</c> (cascades to the devices under a switch).</summary>
    Delete,

    /// <summary>One tick of the async-writes loop.</summary>
    AsyncWrite,

    /// <summary>One tick of the periodic-write loop.</summary>
    PeriodicWrite,

    /// <summary>One tick of the silence-check loop.</summary>
    SilenceCheck,

    /// <summary>One pump of the local system manager.</summary>
    Pump,

    /// <summary>One heartbeat tick (pump, heartbeat when nothing else went up, purge of sent tombstones).</summary>
    Heartbeat,

    /// <summary>The heap purges its sent tombstones.</summary>
    Purge,

    /// <summary>The clock moves on <c>Arg</c> seconds.</summary>
    Wait,

    /// <summary>Everything in flight reaches central in order, once; then central's resync requests reach the edge.</summary>
    Deliver,

    /// <summary>Everything in flight reaches central once, the last sent first; then central's resync requests reach the edge.</summary>
    DeliverReversed,

    /// <summary>Everything in flight is dropped, duplicated, held back or reordered (random seeded by <c>Arg</c>); resync requests too.</summary>
    Mangle,

    /// <summary>The last message sent (if still in flight) is lost.</summary>
    Drop,

    /// <summary>The uplink goes down: sends fail and the edge keeps them pending; direct methods find the module offline.</summary>
    LinkDown,

    LinkUp,

    /// <summary>The edge module restarts: everything rebuilt from its data directory (same heap, epoch and seq).</summary>
    RestartEdge,

    /// <summary>The edge restarts with its data directory lost: an empty heap, a new epoch.</summary>
    WipeEdge,

    /// <summary>Central restarts: a new ingestor over the same stores (resync requests not yet sent are lost).</summary>
    RestartCentral,
}
