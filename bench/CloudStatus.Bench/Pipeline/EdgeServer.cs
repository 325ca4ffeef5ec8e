using CloudStatus.Bench.Fleet;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Bench.Pipeline;

/// <summary>
/// One local server's real edge pipeline (<see cref="EdgePipeline"/>: observation buffer with the chatter filter, local
/// management service, status heap, local system manager), composed as <see cref="EdgeNode"/> composes it, minus the
/// hosted loops: <see cref="TickAsync"/> runs each loop's single tick when it is due, once per simulated second.
/// </summary>
internal sealed class EdgeServer : IAsyncDisposable
{
    private readonly int _periodSeconds;
    private readonly int _phase;

    private EdgeServer(BenchHeapMirror mirror, EdgePipeline pipeline, int periodSeconds, int phase)
    {
        Mirror = mirror;
        Pipeline = pipeline;
        _periodSeconds = periodSeconds;
        _phase = phase;
    }

    public BenchHeapMirror Mirror { get; }

    public EdgePipeline Pipeline { get; }

    public IObservationIntake Intake => Pipeline.Intake;

    public IStatusHeapView Heap => Pipeline.Heap;

    /// <summary>The edge's default rules, with a silence timeout of at least three report intervals.</summary>
    public static EventRuleOptions RulesFor(BenchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rules = new EventRuleOptions();
        var threeReports = TimeSpan.FromTicks(spec.Fleet.ReportInterval.Ticks * 3);
        rules.SilenceTimeout = threeReports > rules.SilenceTimeout ? threeReports : rules.SilenceTimeout;
        return rules;
    }

    /// <summary>The node's default options but for identity, period/heartbeat and rules; nothing on disk.</summary>
    public static EdgeNodeOptions OptionsFor(string tenantId, string siteId, string serverId, BenchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new EdgeNodeOptions
        {
            TenantId = tenantId,
            SiteId = siteId,
            ServerId = serverId,
            Period = spec.Period,
            HeartbeatInterval = spec.Period,
            Gzip = true,
            Rules = RulesFor(spec),
        };
    }

    public static async Task<EdgeServer> StartAsync(
        string tenantId, string siteId, string serverId, int phase, BenchSpec spec, IUpstreamTransport transport, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var mirror = new BenchHeapMirror("epoch-" + serverId);
        var pipeline = await EdgePipeline.OpenAsync(OptionsFor(tenantId, siteId, serverId, spec), mirror, transport, time, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new EdgeServer(mirror, pipeline, spec.PeriodSeconds, phase);
    }

    /// <summary>
    /// One simulated second: the async writer (woken by events), the periodic write when due, the silence check, the
    /// upstream pump (woken by any heap write) and the heartbeat tick when due.
    /// </summary>
    public async Task TickAsync(int second, CancellationToken cancellationToken = default)
    {
        var due = second % _periodSeconds == _phase;
        await Pipeline.RunAsyncWritesAsync(cancellationToken).ConfigureAwait(false);
        if (due)
        {
            await Pipeline.RunPeriodicWriteAsync(cancellationToken).ConfigureAwait(false);
        }

        await Pipeline.CheckSilenceAsync(cancellationToken).ConfigureAwait(false);
        await Pipeline.PumpAsync(cancellationToken).ConfigureAwait(false);
        if (due)
        {
            await Pipeline.RunHeartbeatTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => Pipeline.DisposeAsync();
}
