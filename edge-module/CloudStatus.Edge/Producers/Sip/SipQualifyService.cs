using System.Net;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// Qualifies every configured phone and trunk once per interval over the one shared socket, the sends paced by
/// <see cref="SipQualifyPacer"/>, and posts what each answer (or its absence) means to the intake.
/// </summary>
internal sealed class SipQualifyService(
    SipQualifier qualifier,
    IObservationIntake intake,
    IOptions<SipQualifyOptions> options,
    TimeProvider timeProvider,
    ILogger<SipQualifyService> logger,
    LoopHeartbeats heartbeats,
    bool ownsQualifier = false) : BackgroundService
{
    private const string LoopName = "sip-qualify";
    private readonly SipQualifyOptions _options = options.Value;
    private readonly SipQualifyTracker _tracker = new(options.Value.MissesToOffline, timeProvider);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _forgotten = new(StringComparer.Ordinal);
    private readonly Lock _repointLock = new();
    private volatile IReadOnlyList<SipQualifyTarget> _targets = [.. options.Value.Targets];

    /// <summary>
    /// <paramref name="producerId"/>'s targets at <paramref name="previousIp"/> are qualified at <paramref name="ip"/> from the next
    /// round (user part and port kept; docs/adr/0150). How many targets moved.
    /// </summary>
    public int Repoint(string producerId, string previousIp, string ip)
    {
        var to = IPAddress.Parse(ip);
        lock (_repointLock)
        {
            var moved = 0;
            var targets = _targets.Select(t =>
            {
                if (t.ProducerId != producerId || !SipUri.TryParse(t.Uri, out var uri) || uri.Host.ToString() != previousIp)
                {
                    return t;
                }

                moved++;
                var now = (uri with { Host = to }).ToString();
                Log.SipTargetRepointed(logger, t.ProducerId, t.Uri, now);
                return new SipQualifyTarget { ProducerId = t.ProducerId, Kind = t.Kind, ParentId = t.ParentId, Uri = now };
            }).ToList();
            if (moved > 0)
            {
                _targets = targets;
            }

            return moved;
        }
    }

    /// <summary>
    /// <paramref name="producerId"/> and the targets under it (ids rooted at it) were deleted: they are no longer
    /// qualified, and an answer already on its way is dropped, so a deleted phone is not brought back.
    /// </summary>
    public void Forget(string producerId) => _forgotten.TryAdd(producerId, 0);

    private bool IsForgotten(string producerId)
    {
        if (_forgotten.IsEmpty)
        {
            return false;
        }

        for (var end = producerId.Length; end > 0; end = producerId.LastIndexOf('.', end - 1))
        {
            if (_forgotten.ContainsKey(producerId[..end]))
            {
                return true;
            }
        }

        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_targets.Count == 0)
        {
            return;
        }

        var local = qualifier.Bind(new IPEndPoint(IPAddress.Parse(_options.LocalAddress), _options.LocalPort));
        Log.SipQualifyStarted(logger, local, _targets.Count, _options.Interval, _options.MaxRequestsPerSecond);
        var receiving = qualifier.ReceiveAsync(stoppingToken);
        using var heartbeat = heartbeats.Register(LoopName, _options.Interval);
        using var timer = new PeriodicTimer(_options.Interval, timeProvider);
        try
        {
            do
            {
                await LoopTick.RunAsync(LoopName, RunRoundAsync, logger, heartbeat, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await receiving.ConfigureAwait(false);
    }

    public override void Dispose()
    {
        base.Dispose();
        if (ownsQualifier)
        {
            qualifier.Dispose();
        }
    }

    /// <summary>One round: every target once, sends spaced out, each result posted as it comes.</summary>
    internal async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var targets = _targets;
        var spacing = SipQualifyPacer.Spacing(targets.Count, _options.Interval, _options.Timeout, _options.MaxRequestsPerSecond);
        var start = timeProvider.GetTimestamp();
        var inFlight = new List<Task>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var wait = (spacing * i) - timeProvider.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (!IsForgotten(targets[i].ProducerId))
            {
                inFlight.Add(QualifyOneAsync(targets[i], cancellationToken));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var elapsed = timeProvider.GetElapsedTime(start);
        if (elapsed > _options.Interval)
        {
            Log.SipRoundOverran(logger, targets.Count, elapsed, _options.Interval);
        }
    }

    private async Task QualifyOneAsync(SipQualifyTarget target, CancellationToken cancellationToken)
    {
        SipUri.TryParse(target.Uri, out var uri); // validated at start
        var result = await qualifier.QualifyAsync(uri!, _options.Timeout, cancellationToken).ConfigureAwait(false);
        if (IsForgotten(target.ProducerId))
        {
            return;
        }

        var (observation, wentOffline) = _tracker.Record(target, result);
        if (wentOffline)
        {
            Log.SipTargetOffline(logger, target.ProducerId, _options.MissesToOffline, result.Failure!);
        }

        intake.Post(observation);
    }
}
