using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Uplink;
using CloudStatus.Fleet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>
/// One server's edge parts wired by hand on a fake clock, a real SQLite heap in a temp directory and a fake
/// transport, so tests drive each loop's single tick directly.
/// </summary>
internal sealed class EdgeHarness : IAsyncDisposable
{
    public const string ServerId = "srv-01";

    private readonly SqliteHeapMirror _mirror;
    private readonly EdgeMetrics _metrics;

    private EdgeHarness(
        SqliteHeapMirror mirror, StatusHeap heap, ObservationBuffer buffer, ConnectivityTracker connectivity, HeapWriter management,
        UplinkPump upstream, FakeUpstreamTransport transport, IProducerControl? control, FleetModel? fleet, EdgeMetrics metrics)
    {
        _mirror = mirror;
        Heap = heap;
        Buffer = buffer;
        Connectivity = connectivity;
        Management = management;
        Upstream = upstream;
        Transport = transport;
        Control = control;
        Fleet = fleet;
        _metrics = metrics;
        Commands = new EdgeCommandHandler(management, upstream, control, NullLogger<EdgeCommandHandler>.Instance);
    }

    public StatusHeap Heap { get; }
    public ObservationBuffer Buffer { get; }
    public ConnectivityTracker Connectivity { get; }
    public HeapWriter Management { get; }
    public UplinkPump Upstream { get; }
    public FakeUpstreamTransport Transport { get; }
    public IProducerControl? Control { get; }
    /// <summary>The simulated equipment feeding <see cref="Buffer"/>, when started with a fleet spec.</summary>
    public FleetModel? Fleet { get; }

    public FleetServer? Equipment => Fleet?.Servers[0];
    public EdgeCommandHandler Commands { get; }

    public static ChatterOptions DefaultChatter => new() { Window = TimeSpan.FromSeconds(60), Threshold = 4 };

    public static async Task<EdgeHarness> StartAsync(
        string directory,
        FakeTimeProvider time,
        EventRuleOptions? rules = null,
        ChatterOptions? chatter = null,
        FleetSpec? fleet = null,
        IProducerControl? control = null,
        bool gzip = true,
        int maxMessageBytes = 256 * 1024,
        FakeUpstreamTransport? transport = null,
        ServerRegistration? registration = null,
        Func<IReadOnlyDictionary<string, long>?>? fences = null)
    {
        rules ??= new EventRuleOptions();
        transport ??= new FakeUpstreamTransport();
        var metrics = new EdgeMetrics(ServerId);
        var mirror = await SqliteHeapMirror.OpenAsync(directory);
        var heap = await StatusHeap.OpenAsync(mirror, new HeapOptions(), time, NullLogger.Instance);
        var connectivity = new ConnectivityTracker();
        var buffer = new ObservationBuffer(chatter ?? DefaultChatter, rules, connectivity, time, producers: heap.Producers);
        FleetModel? model = null;
        if (fleet is not null)
        {
            model = new FleetModel(fleet with { Servers = 1 }, new IntakeFleetOutput(_ => buffer), _ => ServerId);
            control ??= model.Servers[0];
        }

        var management = new HeapWriter(buffer, heap, connectivity, rules, control, NullLogger<HeapWriter>.Instance, metrics);
        management.SeedFromHeap();
        var upstream = new UplinkPump(
            heap,
            transport,
            connectivity,
            new UplinkOptions { TenantId = "t-1", SiteId = "site-1", ServerId = ServerId, Gzip = gzip, MaxMessageBytes = maxMessageBytes, Registration = registration, Fences = fences },
            time,
            NullLogger<UplinkPump>.Instance,
            metrics);
        return new EdgeHarness(mirror, heap, buffer, connectivity, management, upstream, transport, control, model, metrics);
    }

    public void Post(string id, string kind, string? parent, Health health = Health.Online, string? state = null, string? evt = null, string? config = null) =>
        Buffer.Post(new Observation(id, kind, parent, health, state, config, evt));

    /// <summary>A switch with <paramref name="devices"/> devices, written to the heap and sent (nothing pending after).</summary>
    public async Task SeedSwitchAsync(string switchId = "srv-01.sw-01", int devices = 2)
    {
        Post(switchId, ProducerKind.Switch, ServerId);
        for (var i = 1; i <= devices; i++)
        {
            Post($"{switchId}.dev-{i:000}", ProducerKind.Device, switchId);
        }

        await Management.RunAsyncWritesAsync();
        await Upstream.PumpAsync();
        Transport.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        Upstream.Dispose();
        Management.Dispose();
        Buffer.Dispose();
        _metrics.Dispose();
        await _mirror.DisposeAsync();
    }
}
