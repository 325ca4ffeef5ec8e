using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Sip;

namespace CloudStatus.Edge.Tests.Producers.Sip;

public sealed class SipQualifyTrackerTests
{
    private static readonly SipQualifyTarget Phone = new() { ProducerId = "srv-01.dev-1", Kind = ProducerKind.Device, ParentId = "srv-01", Uri = "sip:dev-1@127.0.0.1" };
    private static readonly SipQualifyResult Answer = SipQualifyResult.Answer(200, TimeSpan.FromMilliseconds(12.5));
    private static readonly SipQualifyResult Miss = SipQualifyResult.Missed("no answer within 2000 ms");

    [Fact]
    public void Record_Answer_OnlineWithRttAndStatus()
    {
        var (o, _) = new SipQualifyTracker(3).Record(Phone, Answer);

        Assert.Equal(Health.Online, o.Health);
        Assert.Equal(("srv-01.dev-1", "device", "srv-01"), (o.ProducerId, o.Kind, o.ParentId));
        using var state = JsonDocument.Parse(o.State!);
        Assert.Equal(12.5, state.RootElement.GetProperty("rttMs").GetDouble());
        Assert.Equal(200, state.RootElement.GetProperty("sipStatus").GetInt32());
    }

    [Theory]
    [InlineData(503, Health.Degraded)]
    [InlineData(500, Health.Degraded)]
    [InlineData(404, Health.Online)]
    [InlineData(405, Health.Online)]
    [InlineData(486, Health.Online)]
    public void Record_ErrorAnswer_5xxDegradedWithTheReasonOtherErrorsOnline(int status, Health expected)
    {
        var tracker = new SipQualifyTracker(3);

        var (o, wentOffline) = tracker.Record(Phone, SipQualifyResult.Answer(status, TimeSpan.FromMilliseconds(3)));
        var back = tracker.Record(Phone, Answer).Observation;

        Assert.Equal(expected, o.Health);
        Assert.False(wentOffline);
        using var state = JsonDocument.Parse(o.State!);
        Assert.Equal(status, state.RootElement.GetProperty("sipStatus").GetInt32());
        Assert.Equal(expected == Health.Degraded, state.RootElement.TryGetProperty("reason", out var reason));
        if (expected == Health.Degraded)
        {
            Assert.Equal($"answered OPTIONS with {status}", reason.GetString());
        }

        Assert.Equal(Health.Online, back.Health);
    }

    [Fact]
    public void Record_SteadyAnswers_StateOnlyWhenTheStatusOrTheRoundTripMovedMuch()
    {
        var time = new FakeTimeProvider();
        var tracker = new SipQualifyTracker(3, time);
        Observation At(int status, double ms) => tracker.Record(Phone, SipQualifyResult.Answer(status, TimeSpan.FromMilliseconds(ms))).Observation;

        var first = At(200, 12.5);
        var soon = At(200, 400); // a big move, but the round trip was reported under 5 minutes ago
        time.Advance(TimeSpan.FromMinutes(6));
        var jitter = At(200, 100);
        var slower = At(200, 200);
        var refused = At(503, 200);
        var back = At(200, 200);

        Assert.NotNull(first.State);
        Assert.Null(jitter.State); // within 100 ms of the last reported: no change travels
        Assert.Null(soon.State);
        Assert.Contains("\"rttMs\":200", slower.State!, StringComparison.Ordinal);
        Assert.Equal((Health.Degraded, Health.Online), (refused.Health, back.Health));
        Assert.Contains("\"sipStatus\":503", refused.State!, StringComparison.Ordinal);
        Assert.Contains("\"sipStatus\":200", back.State!, StringComparison.Ordinal);
        Assert.Equal(Health.Online, jitter.Health);
    }

    [Fact]
    public void Record_StillSilentAfterOffline_ReasonWrittenOnceAndAnswerReportedAgain()
    {
        var tracker = new SipQualifyTracker(2);
        tracker.Record(Phone, Answer);
        tracker.Record(Phone, Miss);
        var offline = tracker.Record(Phone, Miss).Observation;
        var still = tracker.Record(Phone, Miss).Observation;
        var back = tracker.Record(Phone, Answer).Observation;

        Assert.Equal((Health.Offline, Health.Offline), (offline.Health, still.Health));
        Assert.NotNull(offline.State);
        Assert.Null(still.State);
        Assert.Contains("\"rttMs\":12.5", back.State!, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_MissesInARow_OfflineAtTheNthAndOnlineAgainOnAnswer()
    {
        var tracker = new SipQualifyTracker(3);
        tracker.Record(Phone, Answer);

        var first = tracker.Record(Phone, Miss);
        var second = tracker.Record(Phone, Miss);
        var third = tracker.Record(Phone, Miss);
        var fourth = tracker.Record(Phone, Miss);
        var back = tracker.Record(Phone, Answer);

        Assert.Equal([Health.Online, Health.Online, Health.Offline, Health.Offline, Health.Online],
            new[] { first, second, third, fourth, back }.Select(x => x.Observation.Health));
        Assert.Equal([false, false, true, false, false], new[] { first, second, third, fourth, back }.Select(x => x.WentOffline));
        Assert.Null(first.Observation.State); // below the threshold the last state stands
        using var state = JsonDocument.Parse(third.Observation.State!);
        Assert.Equal(JsonValueKind.Null, state.RootElement.GetProperty("rttMs").ValueKind);
        Assert.Contains("no answer to 3 OPTIONS", state.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_MissBeforeAnyAnswer_UnknownUntilTheThreshold()
    {
        var tracker = new SipQualifyTracker(2);

        Assert.Equal(Health.Unknown, tracker.Record(Phone, Miss).Observation.Health);
        Assert.Equal(Health.Offline, tracker.Record(Phone, Miss).Observation.Health);
    }

    [Fact]
    public void Record_AMissBetweenAnswers_ResetsTheCount()
    {
        var tracker = new SipQualifyTracker(2);
        tracker.Record(Phone, Answer);
        tracker.Record(Phone, Miss);
        tracker.Record(Phone, Answer);

        Assert.Equal(Health.Online, tracker.Record(Phone, Miss).Observation.Health);
    }

    [Theory]
    [InlineData(100, 60, 2, 50, 580)] // 58 s window / 100: well above the 20 ms floor
    [InlineData(1000, 30, 2, 50, 28)] // 28 s / 1000 = 28 ms
    [InlineData(3000, 60, 2, 50, 20)] // 58 s / 3000 = 19.3 ms, but never faster than 50/s
    [InlineData(1, 60, 2, 50, 20)]
    public void Pacer_Spacing_SpreadsAcrossTheIntervalWithinTheRate(int targets, int intervalS, int timeoutS, double rate, double expectedMs)
    {
        var spacing = SipQualifyPacer.Spacing(targets, TimeSpan.FromSeconds(intervalS), TimeSpan.FromSeconds(timeoutS), rate);

        Assert.Equal(expectedMs, spacing.TotalMilliseconds, 0.5);
    }
}
