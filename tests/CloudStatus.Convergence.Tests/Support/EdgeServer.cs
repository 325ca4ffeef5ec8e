using CloudStatus.Convergence.Tests.History;
using CloudStatus.Core.Filtering;
using CloudStatus.Edge;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Uplink;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Convergence.Tests.Support;

/// <summary>
/// One local server's edge module composed as <c>EdgeNode</c> composes it (SQLite heap mirror in a data directory,
/// observation buffer, local management service, local system manager, command handler), but without its loops: the
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

    private sealed class Parts(
        SqliteHeapMirror mirror,
        StatusHeap heap,
        ObservationBuffer buffer,
        HeapWriter management,
        UplinkPump upstream,
        EdgeCommandHandler commands,
        EdgeMetrics metrics) : IAsyncDisposable
    {
        public StatusHeap Heap => heap;
        public ObservationBuffer Buffer => buffer;
        public HeapWriter Management => management;
        public UplinkPump Upstream => upstream;
        public EdgeCommandHandler Commands => commands;

        public static async Task<Parts> OpenAsync(string directory, FakeTimeProvider time, IUpstreamTransport transport)
        {
            var rules = new EventRuleOptions();
            var metrics = new EdgeMetrics(Producers.ServerId);
            var mirror = await SqliteHeapMirror.OpenAsync(directory);

            // No retention: a sent tombstone may be purged at once, the case the resync deletion rule exists for.
            var heap = await StatusHeap.OpenAsync(mirror, new HeapOptions { TombstoneRetention = TimeSpan.Zero }, time, NullLogger.Instance);
            var connectivity = new ConnectivityTracker();
            var buffer = new ObservationBuffer(new ChatterOptions { Window = TimeSpan.FromSeconds(60), Threshold = 4 }, rules, connectivity, time);
            var management = new HeapWriter(buffer, heap, connectivity, rules, control: null, NullLogger<HeapWriter>.Instance, metrics);
            management.SeedFromHeap();
            var upstream = new UplinkPump(
                heap,
                transport,
                connectivity,
                new UplinkOptions
                {
                    TenantId = Producers.TenantId,
                    SiteId = Producers.SiteId,
                    ServerId = Producers.ServerId,
                    Gzip = false,

                    // Small messages, so a catch-up or a resync splits into chunks as a large heap's do at 256 KB.
                    MaxMessageBytes = 800,
                },
                time,
                NullLogger<UplinkPump>.Instance,
                metrics);
            var commands = new EdgeCommandHandler(management, upstream, control: null, NullLogger<EdgeCommandHandler>.Instance);
            return new Parts(mirror, heap, buffer, management, upstream, commands, metrics);
        }

        public async ValueTask DisposeAsync()
        {
            upstream.Dispose();
            management.Dispose();
            buffer.Dispose();
            metrics.Dispose();
            await mirror.DisposeAsync();
        }
    }
}
