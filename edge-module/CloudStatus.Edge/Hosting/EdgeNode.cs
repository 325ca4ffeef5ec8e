using System.Diagnostics.Metrics;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Producers.Supervision;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Uplink;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The edge module of one local server, composed: heap (mirrored in SQLite in <see cref="EdgeNodeOptions.DataDirectory"/>
/// or in Table storage, per <see cref="EdgeNodeOptions.Heap"/>), local full-fidelity history (<c>history.db</c> in the data
/// directory, fed by the buffer's transitions and flushed in batches),
/// local management service, local system manager and command handler; its loops are <see cref="BackgroundService"/>s
/// started by <see cref="StartAsync"/>. Producer adapters post to <see cref="Intake"/>; the equipment of
/// <see cref="EdgeNodeOptions.Equipment"/> is polled and controlled through its adapters (reboot, configuration,
/// removal), and the <see cref="IProducerControl"/> the composer gives, if any (test doubles only: no host gives one, ADR 140), controls the producers no adapter reaches. A node can be
/// stopped and started again: it resumes its heap, epoch and sequence from the data directory. <see cref="CommandHandler"/>
/// and <see cref="Intake"/> stay the same objects across restarts. <see cref="ReconfigureAsync"/> applies new tunables
/// (period, rules, chatter, heartbeat, …) by such a restart.
/// </summary>
public sealed class EdgeNode : IAsyncDisposable
{
    private EdgeNodeOptions _options;
    private readonly IUpstreamTransport _transport;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly LoopHeartbeats? _heartbeats;
    private readonly EdgeMetrics _metrics;
    private readonly IProducerControl? _control;
    private readonly NodeIntake _intake = new();
    private readonly NodeCommandHandler _commands;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly ProcessSupervisor _supervisor;
    private PeriodicLoopService? _supervision;
    private EdgeNodeRuntime? _runtime;
    private StatusHeap? _lastHeap;
    private long _observationsBefore;
    private bool _disposed;

    public EdgeNode(
        EdgeNodeOptions options,
        IUpstreamTransport transport,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IProducerControl? producerControl = null,
        IMeterFactory? meterFactory = null,
        LoopHeartbeats? heartbeats = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ThrowIfInvalid(options);

        _options = options;
        _transport = transport;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<EdgeNode>();
        _commands = new NodeCommandHandler(_logger);
        _heartbeats = heartbeats;
        _metrics = new EdgeMetrics(options.ServerId, meterFactory);
        _metrics.ObserveObservations(() => _observationsBefore + (_runtime?.Buffer.ObservationCount ?? 0));
        _control = producerControl;
        _supervisor = new ProcessSupervisor(options.ServerId, _intake, new ProcessProbe(), timeProvider, loggerFactory.CreateLogger<ProcessSupervisor>());
    }

    /// <summary>The meter every node's metrics are recorded on, for a host that composes nodes to export.</summary>
    public const string MeterName = EdgeMetrics.MeterName;

    public string ServerId => _options.ServerId;

    /// <summary>The options in force (the last ones given to <see cref="ReconfigureAsync"/>).</summary>
    public EdgeNodeOptions Options => Volatile.Read(ref _options);

    /// <summary>Answers the module's direct methods; 503 while the node is stopped.</summary>
    public IDirectMethodHandler CommandHandler => _commands;

    /// <summary>Where producer adapters post; observations are dropped while the node is stopped.</summary>
    public IObservationIntake Intake => _intake;

    public bool IsRunning => _runtime is not null;

    /// <summary>The peer link's current loss, carried on every batch (docs/adr/0147); set by the peer interface.</summary>
    internal Func<PeerLinkLoss?>? PeerLoss { get; set; }

    /// <summary>The peer interface's directory, where the <c>neighbours</c> direct method puts what central says (docs/adr/0146).</summary>
    internal PeerDirectory? PeerDirectory
    {
        get => _commands.Peers;
        set => _commands.Peers = value;
    }

    /// <summary>The heap of the running node (or, once stopped, of its last run).</summary>
    public IStatusHeapView Heap => (IStatusHeapView?)_runtime?.Heap ?? _lastHeap
        ?? throw new InvalidOperationException($"Edge node {ServerId} was never started.");

    /// <summary>A cheap read of the running node's heap mirror; throws when it does not answer or the node is stopped.</summary>
    public Task ProbeHeapMirrorAsync(CancellationToken cancellationToken = default) =>
        (_runtime ?? throw new InvalidOperationException($"Edge node {ServerId} is stopped.")).Heap.ProbeMirrorAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StartLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Puts <paramref name="options"/> in force. Only the tunables may differ (identity and data directory stay). A running node writes what it has buffered to the heap, stops and starts again with the new options (its
    /// heap, epoch and sequence carry on; observations arriving during the restart are dropped like while stopped).
    /// </summary>
    public async Task ReconfigureAsync(EdgeNodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);
        if (options.TenantId != _options.TenantId || options.SiteId != _options.SiteId || options.ServerId != _options.ServerId
            || options.DataDirectory != _options.DataDirectory)
        {
            throw new ArgumentException("Reconfiguring cannot change the node's identity or data directory.", nameof(options));
        }

        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var wasRunning = _runtime is not null;
            if (_runtime is { } runtime)
            {
                await runtime.Management.RunPeriodicWriteAsync(cancellationToken).ConfigureAwait(false);
                await StopLockedAsync(cancellationToken).ConfigureAwait(false);
            }

            var previous = _options;
            Volatile.Write(ref _options, options);
            if (wasRunning)
            {
                try
                {
                    await StartLockedAsync(cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Back to what ran before, so a failed reconfiguration does not leave the node stopped.
                    Volatile.Write(ref _options, previous);
                    await StartLockedAsync(CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }

            if (_supervision is not null)
            {
                await _supervisor.ApplyAsync(SupervisionPlanOf(options), cancellationToken).ConfigureAwait(false);
            }

            Log.NodeReconfigured(_logger, ServerId, wasRunning);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (_supervision is not null)
        {
            await _supervision.StopAsync(CancellationToken.None).ConfigureAwait(false);
            _supervision.Dispose();
        }

        await _supervisor.DisposeAsync().ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _disposed = true;
        _metrics.Dispose();
        _lifecycle.Dispose();
    }

    private async Task StartLockedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_runtime is not null)
        {
            return;
        }

        var runtime = await BuildAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var loop in runtime.Loops)
            {
                await loop.StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await StopLoopsAsync(runtime, CancellationToken.None).ConfigureAwait(false);
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _runtime = runtime;
        _lastHeap = runtime.Heap;
        _intake.Target = runtime.Buffer;
        _intake.Equipment = runtime.Equipment;
        _commands.Target = runtime.Commands;
        await StartSupervisionAsync(cancellationToken).ConfigureAwait(false);
        var state = runtime.Heap.GetState();
        Log.NodeStarted(_logger, ServerId, state.Epoch, state.MaxSeq, state.LastSent);
    }

    private async Task StopLockedAsync(CancellationToken cancellationToken)
    {
        var runtime = _runtime;
        if (runtime is null)
        {
            return;
        }

        _intake.Target = null;
        _intake.Equipment = null;
        _commands.Target = null;
        _runtime = null;
        _observationsBefore += runtime.Buffer.ObservationCount;
        await StopLoopsAsync(runtime, cancellationToken).ConfigureAwait(false);
        await runtime.FlushHistoryAsync(_logger).ConfigureAwait(false);
        await runtime.DisposeAsync().ConfigureAwait(false);
        Log.NodeStopped(_logger, ServerId);
    }

    /// <summary>
    /// Supervised processes outlive the node's restarts (a reconfiguration restarts the pipeline, not the processes):
    /// the supervisor and its loop start with the node's first start and stop when it is disposed.
    /// </summary>
    private async Task StartSupervisionAsync(CancellationToken cancellationToken)
    {
        if (_supervision is not null)
        {
            return;
        }

        await _supervisor.ApplyAsync(SupervisionPlanOf(_options), cancellationToken).ConfigureAwait(false);
        _supervision = new PeriodicLoopService(
            "supervision", ProcessSupervisor.TickInterval, _supervisor.TickAsync, _timeProvider, _loggerFactory.CreateLogger("CloudStatus.Edge.Loops"), _heartbeats);
        await _supervision.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SupervisionPlan SupervisionPlanOf(EdgeNodeOptions options) =>
        SupervisionPlan.Create(options.Supervision, out var errors)
        ?? throw new ArgumentException("Invalid supervision: " + string.Join(" ", errors), nameof(options));

    private static void ThrowIfInvalid(EdgeNodeOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid edge node options: " + string.Join(" ", errors), nameof(options));
        }
    }

    private async Task<EdgeNodeRuntime> BuildAsync(CancellationToken cancellationToken)
    {
        var mirror = await OpenMirrorAsync(cancellationToken).ConfigureAwait(false);
        SqliteLocalHistory? historyStore = null;
        var equipment = new EquipmentSet(_options.Equipment, _intake, _timeProvider, _loggerFactory, _heartbeats);
        try
        {
            var control = new ProducerControlRouter(equipment, _supervisor, _control);
            HistoryRecorder? recorder = null;
            HistoryWriter? history = null;
            HistoryMethod? historyMethod = null;
            if (_options.History.Enabled)
            {
                historyStore = await SqliteLocalHistory.OpenAsync(_options.DataDirectory, _options.ServerId, cancellationToken).ConfigureAwait(false);
                Log.HistoryOpened(_logger, historyStore.FilePath, historyStore.Epoch);
                recorder = new HistoryRecorder(_options.ServerId, _options.History.MaxPending, _timeProvider);
                history = new HistoryWriter(recorder, historyStore, _options.History, _timeProvider, _loggerFactory.CreateLogger<HistoryWriter>());
                historyMethod = new HistoryMethod(history, _options.History.MaxPageBytes, _loggerFactory.CreateLogger<HistoryMethod>());
                await history.PruneAsync(cancellationToken).ConfigureAwait(false);
            }

            var pipeline = await EdgePipeline.OpenAsync(
                _options, mirror, _transport, _timeProvider, _loggerFactory, control, recorder, _metrics, cancellationToken, () => PeerLoss?.Invoke(), () => PeerDirectory?.Neighbours?.Fences).ConfigureAwait(false);
            var (buffer, management, upstream) = (pipeline.Buffer, pipeline.Management, pipeline.Upstream);
            var commands = new EdgeCommandHandler(management, upstream, control, _loggerFactory.CreateLogger<EdgeCommandHandler>(), historyMethod, OpenCommandResults());
            var loopLogger = _loggerFactory.CreateLogger("CloudStatus.Edge.Loops");
            List<IHostedService> loops =
            [
                new SignalLoopService("async-writes", buffer.AsyncPending, management.RunAsyncWritesAsync, loopLogger, _heartbeats, _options.Period),
                new PeriodicLoopService("periodic-write", _options.Period, management.RunPeriodicWriteAsync, _timeProvider, loopLogger, _heartbeats),
                new PeriodicLoopService("silence-check", _options.SilenceCheckInterval, management.CheckSilenceAsync, _timeProvider, loopLogger, _heartbeats),
                new UpstreamPumpService(upstream, _timeProvider, loopLogger, _heartbeats),
                new PeriodicLoopService("heartbeat", _options.EffectiveHeartbeatInterval, upstream.RunHeartbeatTickAsync, _timeProvider, loopLogger, _heartbeats),
                new EquipmentPollingService(equipment, _timeProvider, loopLogger, _heartbeats),
                .. equipment.Probes,
            ];
            if (history is not null)
            {
                loops.Add(new PeriodicLoopService("history-flush", _options.History.FlushInterval, history.FlushAsync, _timeProvider, loopLogger, _heartbeats));
                loops.Add(new PeriodicLoopService("history-prune", _options.History.PruneInterval, history.PruneAsync, _timeProvider, loopLogger, _heartbeats));
            }

            // Wake the pump once so anything left unsent by the previous run goes up without waiting for a write.
            upstream.Wake.Set();
            return new EdgeNodeRuntime(pipeline, commands, loops, history, equipment);
        }
        catch
        {
            await equipment.DisposeAsync().ConfigureAwait(false);
            await mirror.DisposeAsync().ConfigureAwait(false);
            if (historyStore is not null)
            {
                await historyStore.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The answers to recent commands, kept in the data directory when there is one (else in memory only).</summary>
    private RecentCommandResults OpenCommandResults()
    {
        if (string.IsNullOrWhiteSpace(_options.DataDirectory))
        {
            return new RecentCommandResults();
        }

        Directory.CreateDirectory(_options.DataDirectory);
        var results = RecentCommandResults.Open(Path.Combine(_options.DataDirectory, RecentCommandResults.FileName), out var error);
        if (error is not null)
        {
            Log.CommandResultsUnreadable(_logger, error);
        }

        return results;
    }

    private async Task<IHeapMirror> OpenMirrorAsync(CancellationToken cancellationToken)
    {
        if (_options.Heap.Kind == HeapMirrorKind.TableStorage)
        {
            var table = _options.Heap.TableStorage;
            return await TableHeapMirror.OpenAsync(TableHeapMirror.CreateClient(table), ServerId, table.CreateTableIfNotExists, cancellationToken).ConfigureAwait(false);
        }

        return await SqliteHeapMirror.OpenAsync(_options.DataDirectory, cancellationToken).ConfigureAwait(false);
    }

    private static async Task StopLoopsAsync(EdgeNodeRuntime runtime, CancellationToken cancellationToken)
    {
        for (var i = runtime.Loops.Count - 1; i >= 0; i--)
        {
            await runtime.Loops[i].StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
