using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Management;
using CloudStatus.Edge.Upstream;
using Microsoft.Extensions.Hosting;

namespace CloudStatus.Edge.Hosting;

/// <summary>Everything one start of an <see cref="EdgeNode"/> built; disposed when the node stops.</summary>
internal sealed class EdgeNodeRuntime(
    IHeapMirror mirror,
    StatusHeap heap,
    ObservationBuffer buffer,
    LocalManagementService management,
    LocalSystemManager upstream,
    EdgeCommandHandler commands,
    IReadOnlyList<IHostedService> loops) : IAsyncDisposable
{
    public StatusHeap Heap => heap;
    public ObservationBuffer Buffer => buffer;
    public LocalManagementService Management => management;
    public LocalSystemManager Upstream => upstream;
    public EdgeCommandHandler Commands => commands;
    public IReadOnlyList<IHostedService> Loops => loops;

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
    }
}
