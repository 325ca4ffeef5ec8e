using CloudStatus.Bench.Fleet;
using CloudStatus.Core.Filtering;
using CloudStatus.Edge;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Management;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Upstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Bench.Pipeline;

/// <summary>
/// One local server's real edge pipeline (observation buffer with the chatter filter, local management service, status
/// heap, local system manager) wired as <c>EdgeNode</c> wires it, minus the hosted loops: <see cref="TickAsync"/> runs
/// each loop's single tick when it is due, once per simulated second.
/// </summary>
internal sealed class EdgeServer : IAsyncDisposable
{
    private readonly EdgeMetrics _metrics;
    private readonly int _periodSeconds;
    private readonly int _phase;

    private EdgeServer(BenchHeapMirror mirror, StatusHeap heap, ObservationBuffer buffer, LocalManagementService management, LocalSystemManager upstream, EdgeMetrics metrics, int periodSeconds, int phase)
    {
        Mirror = mirror;
        Heap = heap;
        Buffer = buffer;
        Management = management;
        Upstream = upstream;
        _metrics = metrics;
        _periodSeconds = periodSeconds;
        _phase = phase;
    }

    public BenchHeapMirror Mirror { get; }
    public StatusHeap Heap { get; }
    public ObservationBuffer Buffer { get; }

    public IObservationIntake Intake => Buffer;
    public LocalManagementService Management { get; }
    public LocalSystemManager Upstream { get; }

    /// <summary>The edge's default rules, with a silence timeout of at least three report intervals.</summary>
    public static EventRuleOptions RulesFor(BenchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rules = new EventRuleOptions();
        var threeReports = TimeSpan.FromTicks(spec.Fleet.ReportInterval.Ticks * 3);
        rules.SilenceTimeout = threeReports > rules.SilenceTimeout ? threeReports : rules.SilenceTimeout;
        return rules;
    }

    public static async Task<EdgeServer> StartAsync(
        string tenantId, string siteId, string serverId, int phase, BenchSpec spec, IUpstreamTransport transport, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var mirror = new BenchHeapMirror("epoch-" + serverId);
        var heap = await StatusHeap.OpenAsync(mirror, new HeapOptions(), time, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        var metrics = new EdgeMetrics(serverId);
        var connectivity = new ConnectivityTracker();
        var rules = RulesFor(spec);
        var buffer = new ObservationBuffer(new ChatterOptions(), rules, connectivity, time);
        var management = new LocalManagementService(buffer, heap, connectivity, rules, control: null, NullLogger<LocalManagementService>.Instance, metrics);
        var upstream = new LocalSystemManager(
            heap,
            transport,
            connectivity,
            new LocalSystemManagerOptions { TenantId = tenantId, SiteId = siteId, ServerId = serverId, HeartbeatInterval = spec.Period, Gzip = true },
            time,
            NullLogger<LocalSystemManager>.Instance,
            metrics);
        return new EdgeServer(mirror, heap, buffer, management, upstream, metrics, spec.PeriodSeconds, phase);
    }

    /// <summary>
    /// One simulated second: the async writer (woken by events), the periodic write when due, the silence check, the
    /// upstream pump (woken by any heap write) and the heartbeat tick when due.
    /// </summary>
    public async Task TickAsync(int second, CancellationToken cancellationToken = default)
    {
        var due = second % _periodSeconds == _phase;
        await Management.RunAsyncWritesAsync(cancellationToken).ConfigureAwait(false);
        if (due)
        {
            await Management.RunPeriodicWriteAsync(cancellationToken).ConfigureAwait(false);
        }

        await Management.CheckSilenceAsync(cancellationToken).ConfigureAwait(false);
        await Upstream.PumpAsync(cancellationToken).ConfigureAwait(false);
        if (due)
        {
            await Upstream.RunHeartbeatTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        Upstream.Dispose();
        Management.Dispose();
        Buffer.Dispose();
        _metrics.Dispose();
        return Mirror.DisposeAsync();
    }
}
