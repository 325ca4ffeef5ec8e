using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers.Reachability;

/// <summary>
/// Checks every configured target once per interval (at most <c>MaxConcurrency</c> at once) and posts online with
/// <c>state.rttMs</c> and <c>state.method</c>, or offline with <c>state.reason</c>.
/// </summary>
internal sealed class ReachabilityService(
    ReachabilityProber prober,
    IObservationIntake intake,
    IOptions<ReachabilityOptions> options,
    TimeProvider timeProvider,
    ILogger<ReachabilityService> logger,
    LoopHeartbeats heartbeats) : BackgroundService
{
    private const string LoopName = "reachability";
    private readonly ReachabilityOptions _options = options.Value;
    private readonly Lock _repointLock = new();
    private volatile IReadOnlyList<ReachabilityTarget> _targets = [.. options.Value.Targets];

    /// <summary>
    /// <paramref name="producerId"/>'s targets at <paramref name="previousIp"/> are checked at <paramref name="ip"/> from the next round (method and
    /// port kept; docs/adr/0150). How many targets moved.
    /// </summary>
    public int Repoint(string producerId, string previousIp, string ip)
    {
        lock (_repointLock)
        {
            var moved = 0;
            var targets = _targets.Select(t =>
            {
                if (t.ProducerId != producerId || !IPAddress.TryParse(t.Address, out var at) || at.ToString() != previousIp)
                {
                    return t;
                }

                moved++;
                Log.ReachabilityTargetRepointed(logger, t.ProducerId, t.Address, ip);
                return new ReachabilityTarget { ProducerId = t.ProducerId, Kind = t.Kind, ParentId = t.ParentId, Address = ip, Method = t.Method, Port = t.Port };
            }).ToList();
            if (moved > 0)
            {
                _targets = targets;
            }

            return moved;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_targets.Count == 0)
        {
            return;
        }

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
    }

    /// <summary>One round: every target checked once, each result posted.</summary>
    internal Task RunRoundAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            _targets,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                var result = await prober.CheckAsync(target, _options.Timeout, ct).ConfigureAwait(false);
                intake.Post(ToObservation(target, result));
            });

    internal static Observation ToObservation(ReachabilityTarget target, ReachabilityResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("method", result.Method);
            if (result.Reached)
            {
                w.WriteNumber("rttMs", Math.Round(result.RoundTrip.TotalMilliseconds, 3));
            }
            else
            {
                w.WriteNull("rttMs");
                w.WriteString("reason", result.Reason);
            }

            w.WriteEndObject();
        }

        return new Observation(target.ProducerId, target.Kind, target.ParentId, result.Reached ? Health.Online : Health.Offline, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
