using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>One adapter's implementation of every central store port.</summary>
internal sealed record StoreSet(
    IServerStore Servers,
    IProducerStore Producers,
    IEventStore Events,
    ICommandStore Commands,
    IViewStore Views,
    IDeadLetterStore DeadLetters,
    ILeaseStore Leases);
