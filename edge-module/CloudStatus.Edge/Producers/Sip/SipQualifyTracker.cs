using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// Turns qualify results into observations: an answer is online with <c>state.rttMs</c> and <c>state.sipStatus</c>,
/// except a 5xx (the device is up but says it cannot serve: 503 overloaded or in maintenance, RFC 3261 §21.5), which is
/// degraded with the reason (ADR 88); a miss keeps the last health until <c>MissesToOffline</c> misses in a row, then
/// offline with the reason in <c>state.reason</c>. A target never answered yet is unknown until then. The state is
/// posted only when it changed (<see cref="Near"/>), so a steady phone costs nothing upstream. Thread-safe.
/// </summary>
internal sealed class SipQualifyTracker(int missesToOffline, TimeProvider? timeProvider = null)
{
    /// <summary>A round trip alone rewrites a steady phone's state at most this often.</summary>
    private static readonly TimeSpan RttRefresh = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>A round trip within this much of the last reported one, or within half of it, is no change.</summary>
    private static readonly TimeSpan RttTolerance = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, Target> _targets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The observation to post for this result, and whether the target just went offline.</summary>
    public (Observation Observation, bool WentOffline) Record(SipQualifyTarget target, SipQualifyResult result)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            _targets.TryGetValue(target.ProducerId, out var was);
            if (result.Answered)
            {
                var answered = result.StatusCode is >= 500 and < 600 ? Health.Degraded : Health.Online;
                var now = _time.GetTimestamp();
                var unchanged = was.ReportedStatus == result.StatusCode
                    && (Near(was.ReportedRtt, result.RoundTrip) || _time.GetElapsedTime(was.ReportedAt, now) < RttRefresh);
                _targets[target.ProducerId] = unchanged
                    ? was with { Misses = 0, Health = answered }
                    : new Target(0, answered, result.StatusCode, result.RoundTrip, now);
                return (new Observation(target.ProducerId, target.Kind, target.ParentId, answered, unchanged ? null : AnsweredState(result)), false);
            }

            var misses = was.Misses + 1;
            var health = misses >= missesToOffline ? Health.Offline : was.Health;
            var wentOffline = health == Health.Offline && was.Health != Health.Offline;
            _targets[target.ProducerId] = wentOffline ? new Target(misses, health, null, TimeSpan.Zero, 0) : was with { Misses = misses, Health = health };

            // The reason is written once, when it goes offline: a count that grew every interval would be a change each time.
            var state = wentOffline ? MissedState(misses, result.Failure!) : null;
            return (new Observation(target.ProducerId, target.Kind, target.ParentId, health, state), wentOffline);
        }
    }

    /// <summary>
    /// Jitter is not news: re-reporting every round trip would make each answer a change that travels to central, so
    /// the state is rewritten when the status changes, or when the round trip moved by more than half and more than
    /// 100 ms (loopback under load jitters by tens of ms; chan_sip called a peer lagged only past 2 s) and the last
    /// rewrite is <see cref="RttRefresh"/> old.
    /// </summary>
    private static bool Near(TimeSpan reported, TimeSpan now)
    {
        var moved = (now - reported).Duration();
        return moved <= RttTolerance || moved <= reported / 2;
    }

    /// <param name="ReportedStatus">The status of the state last reported for it; null when that state was not an answer.</param>
    private readonly record struct Target(int Misses, Health Health, int? ReportedStatus, TimeSpan ReportedRtt, long ReportedAt);

    private static string AnsweredState(SipQualifyResult result) => Write(w =>
    {
        w.WriteNumber("rttMs", Math.Round(result.RoundTrip.TotalMilliseconds, 3));
        w.WriteNumber("sipStatus", result.StatusCode!.Value);
        if (result.StatusCode is >= 500 and < 600)
        {
            w.WriteString("reason", string.Create(CultureInfo.InvariantCulture, $"answered OPTIONS with {result.StatusCode}"));
        }
    });

    private static string MissedState(int misses, string failure) => Write(w =>
    {
        w.WriteNull("rttMs");
        w.WriteString("reason", $"no answer to {misses} OPTIONS in a row (last: {failure})");
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
