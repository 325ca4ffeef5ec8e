using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.History;

/// <summary>
/// Moves recorded transitions into the local history in batches (one transaction per flush) and prunes it. Each
/// method is one tick of a background loop; <see cref="FlushAsync"/> is also called before a history query (so it
/// sees everything seen so far) and when the node stops. A failed write keeps its batch for the next flush, up to
/// the recorder's bound; beyond it the lost transitions are counted into a gap event.
/// </summary>
internal sealed class HistoryWriter(
    HistoryRecorder recorder, ILocalHistory store, HistoryOptions options, TimeProvider timeProvider, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<LocalTransition> _unwritten = [];

    public ILocalHistory Store => store;

    /// <summary>Writes everything recorded so far; returns how many events were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var batch = recorder.Drain();
            if (_unwritten.Count > 0)
            {
                _unwritten.AddRange(batch);
                batch = _unwritten;
                _unwritten = [];
            }

            if (batch.Count == 0)
            {
                return 0;
            }

            try
            {
                await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                var keep = Math.Min(batch.Count, options.MaxPending);
                recorder.CountLost(batch.Count - keep);
                _unwritten = keep == batch.Count ? batch : batch.GetRange(0, keep);
                throw;
            }

            Log.HistoryFlushed(logger, batch.Count);
            return batch.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops events past the retention window or beyond the size bound; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var pruned = await store.PruneAsync(timeProvider.GetUtcNow() - options.Retention, options.MaxEvents, cancellationToken).ConfigureAwait(false);
        if (pruned > 0)
        {
            Log.HistoryPruned(logger, pruned);
        }

        return pruned;
    }

    public void Dispose() => _gate.Dispose();
}
