using System.Buffers;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// Turns qualify results into observations: an answer is online with <c>state.rttMs</c> and <c>state.sipStatus</c>;
/// a miss keeps the last health until <c>MissesToOffline</c> misses in a row, then offline with the reason in
/// <c>state.reason</c>. A target never answered yet is unknown until then. Thread-safe.
/// </summary>
internal sealed class SipQualifyTracker(int missesToOffline)
{
    private readonly Dictionary<string, (int Misses, Health Health)> _targets = new(StringComparer.Ordinal);
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
                _targets[target.ProducerId] = (0, Health.Online);
                return (new Observation(target.ProducerId, target.Kind, target.ParentId, Health.Online, AnsweredState(result)), false);
            }

            var misses = was.Misses + 1;
            var health = misses >= missesToOffline ? Health.Offline : was.Health;
            _targets[target.ProducerId] = (misses, health);
            var wentOffline = health == Health.Offline && was.Health != Health.Offline;
            var state = health == Health.Offline ? MissedState(misses, result.Failure!) : null;
            return (new Observation(target.ProducerId, target.Kind, target.ParentId, health, state), wentOffline);
        }
    }

    private static string AnsweredState(SipQualifyResult result) => Write(w =>
    {
        w.WriteNumber("rttMs", Math.Round(result.RoundTrip.TotalMilliseconds, 3));
        w.WriteNumber("sipStatus", result.StatusCode!.Value);
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
