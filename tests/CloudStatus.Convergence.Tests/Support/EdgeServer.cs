using CloudStatus.Convergence.Tests.History;
using CloudStatus.Core.Filtering;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Uplink;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Convergence.Tests.Support;

/// <summary>
/// One local server's edge module: the same <see cref="EdgePipeline"/> <c>EdgeNode</c> runs (SQLite heap mirror in a
/// data directory, intake, heap writer, uplink pump) and its command handler, but without the node's loops: the
/// history calls each loop's single tick itself, so a run is deterministic. A restart disposes everything and
/// rebuilds it from the data directory, as a node's stop and start do.
/// </summary>
internal sealed class EdgeServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly FakeTimeProvider _time;
    private readonly IUpstreamTransport _transport;
    private Parts _parts;

    private EdgeServer(string directory, FakeTimeProvider time, IUpstreamTransport transport, Parts parts)
    {
        _directory = directory;
        _time = time;
        _transport = transport;
        _parts = parts;
    }

    public IObservationIntake Intake => _parts.Buffer;
    public HeapWriter Management => _parts.Management;
    public UplinkPump Upstream => _parts.Upstream;
    public IDirectMethodHandler Commands => _parts.Commands;
    public StatusHeap Heap => _parts.Heap;

    public static async Task<EdgeServer> StartAsync(string directory, FakeTimeProvider time, IUpstreamTransport transport) =>
        new(directory, time, transport, await Parts.OpenAsync(directory, time, transport));

    /// <summary>Stops and starts again from the data directory: same heap, epoch and seq; the buffer starts empty.</summary>
    public async Task RestartAsync()
    {
        await _parts.DisposeAsync();
        _parts = await Parts.OpenAsync(_directory, _time, _transport);
    }

    /// <summary>Stops, loses the heap file and starts again: an empty heap with a new epoch.</summary>
    public async Task WipeAsync()
    {
        await _parts.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(_directory, SqliteHeapMirror.FileName + "*"))
        {
            File.Delete(file);
        }

        _parts = await Parts.OpenAsync(_directory, _time, _transport);
    }

    public ValueTask DisposeAsync() => _parts.DisposeAsync();

    private sealed class Parts(EdgePipeline pipeline, EdgeCommandHandler commands) : IAsyncDisposable
    {
        public StatusHeap Heap => pipeline.StatusHeap;
        public IObservationIntake Buffer => pipeline.Intake;
        public HeapWriter Management => pipeline.Management;
        public UplinkPump Upstream => pipeline.Upstream;
        public EdgeCommandHandler Commands => commands;

        public static async Task<Parts> OpenAsync(string directory, FakeTimeProvider time, IUpstreamTransport transport)
        {
            var options = new EdgeNodeOptions
            {
                TenantId = Producers.TenantId,
                SiteId = Producers.SiteId,
                ServerId = Producers.ServerId,
                DataDirectory = directory,
                Gzip = false,

                // No retention: a sent tombstone may be purged at once, the case the resync deletion rule exists for.
                TombstoneRetention = TimeSpan.Zero,
                Chatter = new ChatterOptions { Window = TimeSpan.FromSeconds(60), Threshold = 4 },

                // Small messages, so a catch-up or a resync splits into chunks as a large heap's do at 256 KB.
                MaxMessageBytes = 800,
            };
            var pipeline = await EdgePipeline.OpenAsync(options, await SqliteHeapMirror.OpenAsync(directory), transport, time);
            var commands = new EdgeCommandHandler(pipeline.Management, pipeline.Upstream, control: null, NullLogger<EdgeCommandHandler>.Instance);
            return new Parts(pipeline, commands);
        }

        public ValueTask DisposeAsync() => pipeline.DisposeAsync();
    }
}
