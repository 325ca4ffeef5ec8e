using CloudStatus.Hosting.Loops;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// Set when ingest queued address journal items: this instance's reconciler settles them now instead of at its next
/// interval (docs/adr/0175). Other instances still find them on their own interval.
/// </summary>
internal sealed class AddressJournalSignal : IDisposable
{
    public AsyncSignal Queued { get; } = new();

    public void Dispose() => Queued.Dispose();
}
