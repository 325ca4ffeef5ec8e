using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Uplink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>Everything one start of an <see cref="EdgeNode"/> built; disposed when the node stops.</summary>
internal sealed class EdgeNodeRuntime(
    EdgePipeline pipeline,
    EdgeCommandHandler commands,
    IReadOnlyList<IHostedService> loops,
    HistoryWriter? history,
    EquipmentSet equipment) : IAsyncDisposable
{
    public StatusHeap Heap => pipeline.StatusHeap;
    public ObservationBuffer Buffer => pipeline.Buffer;
    public HeapWriter Management => pipeline.Management;
    public UplinkPump Upstream => pipeline.Upstream;
    public EdgeCommandHandler Commands => commands;
    public IReadOnlyList<IHostedService> Loops => loops;
    public HistoryWriter? History => history;
    public EquipmentSet Equipment => equipment;

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

        await equipment.DisposeAsync().ConfigureAwait(false);
        await pipeline.DisposeAsync().ConfigureAwait(false);
        if (history is not null)
        {
            history.Dispose();
            await history.Store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
