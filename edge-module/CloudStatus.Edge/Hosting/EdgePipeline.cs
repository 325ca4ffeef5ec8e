using System.Reflection;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Uplink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// One local server's edge pipeline without its loops: the intake (observation buffer with the chatter filter and the
/// event detector), the local management service, the status heap on the given mirror and the local system manager,
/// tuned by <see cref="EdgeNodeOptions"/> (identity, period, heartbeat, rules, chatter, gzip, tombstones; the node's
/// own storage settings are not read: the mirror is given). <see cref="EdgeNode"/> runs each tick below on its own loop;
/// the benchmark runs them itself, one simulated second at a time.
/// </summary>
public sealed class EdgePipeline : IAsyncDisposable
{
    private readonly IHeapMirror _mirror;
    private readonly EdgeMetrics? _ownedMetrics;

    private EdgePipeline(
        IHeapMirror mirror, StatusHeap heap, ObservationBuffer buffer, HeapWriter management, UplinkPump upstream, EdgeMetrics? ownedMetrics)
    {
        _mirror = mirror;
        StatusHeap = heap;
        Buffer = buffer;
        Management = management;
        Upstream = upstream;
        _ownedMetrics = ownedMetrics;
    }

    /// <summary>Where producer adapters post.</summary>
    public IObservationIntake Intake => Buffer;

    public IStatusHeapView Heap => StatusHeap;

    internal StatusHeap StatusHeap { get; }

    internal ObservationBuffer Buffer { get; }

    internal HeapWriter Management { get; }

    internal UplinkPump Upstream { get; }

    /// <summary>Opens the heap on <paramref name="mirror"/> (which the pipeline then owns) and composes the rest.</summary>
    public static Task<EdgePipeline> OpenAsync(
        EdgeNodeOptions options,
        IHeapMirror mirror,
        IUpstreamTransport transport,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        IProducerControl? producerControl = null,
        CancellationToken cancellationToken = default) =>
        OpenAsync(options, mirror, transport, timeProvider, loggerFactory ?? NullLoggerFactory.Instance, producerControl, history: null, metrics: null, cancellationToken);

    internal static async Task<EdgePipeline> OpenAsync(
        EdgeNodeOptions options,
        IHeapMirror mirror,
        IUpstreamTransport transport,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IProducerControl? producerControl,
        HistoryRecorder? history,
        EdgeMetrics? metrics,
        CancellationToken cancellationToken,
        Func<PeerLinkLoss?>? peerLoss = null,
        Func<IReadOnlyDictionary<string, long>?>? fences = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var ownedMetrics = metrics is null ? new EdgeMetrics(options.ServerId) : null;
        metrics ??= ownedMetrics!;
        try
        {
            var heap = await StatusHeap.OpenAsync(
                mirror,
                new HeapOptions { TombstoneRetention = options.TombstoneRetention },
                timeProvider,
                loggerFactory.CreateLogger<StatusHeap>(),
                cancellationToken).ConfigureAwait(false);
            var connectivity = new ConnectivityTracker();
            var buffer = new ObservationBuffer(options.Chatter, options.Rules, connectivity, timeProvider, history, heap.Producers);
            var management = new HeapWriter(
                buffer, heap, connectivity, options.Rules, producerControl, loggerFactory.CreateLogger<HeapWriter>(), metrics);
            management.SeedFromHeap();
            var upstream = new UplinkPump(
                heap,
                transport,
                connectivity,
                new UplinkOptions
                {
                    TenantId = options.TenantId,
                    SiteId = options.SiteId,
                    ServerId = options.ServerId,
                    HeartbeatInterval = options.EffectiveHeartbeatInterval,
                    Gzip = options.Gzip,
                    MaxMessageBytes = options.MaxMessageBytes,
                    RetryInitialDelay = options.RetryInitialDelay,
                    RetryMaxDelay = options.Period > options.RetryInitialDelay ? options.Period : options.RetryInitialDelay,
                    Registration = Registration(options),
                    PeerLoss = peerLoss,
                    Fences = fences,
                },
                timeProvider,
                loggerFactory.CreateLogger<UplinkPump>(),
                metrics);
            return new EdgePipeline(mirror, heap, buffer, management, upstream, ownedMetrics);
        }
        catch
        {
            ownedMetrics?.Dispose();
            throw;
        }
    }

    /// <summary>What this server registers with central (docs/adr/0121): its version, adapters and kinds, subtrees, peer.</summary>
    internal static ServerRegistration Registration(EdgeNodeOptions options) => new()
    {
        SoftwareVersion = SoftwareVersion(),
        Adapters = [.. options.Equipment.Values.Select(e => e.Adapter).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        ProducerKinds = [.. options.Equipment.Values.Select(e => e.Kind).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        Subtrees = options.Failover.Subtrees.Count > 0 ? [.. options.Failover.Subtrees] : [options.ServerId],
        FailoverPeer = options.Failover.Peer,
        LanAddress = options.Failover.LanAddress,
    };

    private static string SoftwareVersion()
    {
        var version = typeof(EdgePipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return version.Length > 64 ? version[..64] : version;
    }

    /// <summary>Writes what the event detector flagged as async (E4); returns the records written.</summary>
    public Task<int> RunAsyncWritesAsync(CancellationToken cancellationToken = default) => Management.RunAsyncWritesAsync(cancellationToken);

    /// <summary>The periodic write (E3): everything else that changed since the last one.</summary>
    public Task<int> RunPeriodicWriteAsync(CancellationToken cancellationToken = default) => Management.RunPeriodicWriteAsync(cancellationToken);

    /// <summary>Producers that must keep reporting and fell silent (with everything under them) go offline.</summary>
    public Task<int> CheckSilenceAsync(CancellationToken cancellationToken = default) => Management.CheckSilenceAsync(cancellationToken);

    /// <summary>Sends what the heap holds beyond the last acknowledged sequence.</summary>
    public Task PumpAsync(CancellationToken cancellationToken = default) => Upstream.PumpAsync(cancellationToken);

    /// <summary>Sends a heartbeat when one is due; true when it did.</summary>
    public Task<bool> RunHeartbeatTickAsync(CancellationToken cancellationToken = default) => Upstream.RunHeartbeatTickAsync(cancellationToken);

    /// <summary>Central asked for every record changed since <paramref name="fromSeq"/> (the resync direct method).</summary>
    public void RequestResync(long fromSeq) => Upstream.RequestResync(fromSeq);

    public async ValueTask DisposeAsync()
    {
        Upstream.Dispose();
        Management.Dispose();
        Buffer.Dispose();
        _ownedMetrics?.Dispose();
        await _mirror.DisposeAsync().ConfigureAwait(false);
    }
}
