using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Management;
using CloudStatus.Edge.Upstream;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>Everything one start of an <see cref="EdgeNode"/> built; disposed when the node stops.</summary>
internal sealed class EdgeNodeRuntime(
    IHeapMirror mirror,
    StatusHeap heap,
    ObservationBuffer buffer,
    LocalManagementService management,
    LocalSystemManager upstream,
    EdgeCommandHandler commands,
    IReadOnlyList<IHostedService> loops,
    HistoryWriter? history) : IAsyncDisposable
{
    public StatusHeap Heap => heap;
    public ObservationBuffer Buffer => buffer;
    public LocalManagementService Management => management;
    public LocalSystemManager Upstream => upstream;
    public EdgeCommandHandler Commands => commands;
    public IReadOnlyList<IHostedService> Loops => loops;
    public HistoryWriter? History => history;

    /// <summary>After the loops stopped: writes the transitions still waiting, so a stop loses none.</summary>
    public async Task FlushHistoryAsync(ILogger logger)
    {
        if (history is null)
        {
            return;
        }

        try
        {
            await history.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.HistoryFlushFailed(logger, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var loop in loops)
        {
            (loop as IDisposable)?.Dispose();
        }

        upstream.Dispose();
        management.Dispose();
        buffer.Dispose();
        await mirror.DisposeAsync().ConfigureAwait(false);
        if (history is not null)
        {
            history.Dispose();
            await history.Store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
