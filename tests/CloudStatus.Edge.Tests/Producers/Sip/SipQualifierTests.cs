using System.Net;
using System.Text;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Edge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Producers.Sip;

/// <summary>The qualifier against a real SIP UAS on a loopback UDP port.</summary>
public sealed class SipQualifierTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly LoopbackSipUas _uas = new();
    private readonly CancellationTokenSource _stop = new();
    private SipQualifier _qualifier = null!;
    private Task _receiving = Task.CompletedTask;

    public Task InitializeAsync()
    {
        (_qualifier, _receiving) = Start(TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _qualifier.Dispose();
        _stop.Dispose();
        await _uas.DisposeAsync();
    }

    [Fact]
    public async Task QualifyAsync_UasAnswers200_AnsweredWithRoundTrip()
    {
        var result = await _qualifier.QualifyAsync(Target("srv-01.dev-0001"), Timeout);

        Assert.True(result.Answered);
        Assert.Equal(200, result.StatusCode);
        Assert.InRange(result.RoundTrip, TimeSpan.FromTicks(1), Timeout);
        Assert.Equal(0, _qualifier.InFlight);
    }

    [Fact]
    public async Task QualifyAsync_Request_IsAWellFormedOptions()
    {
        await _qualifier.QualifyAsync(Target("srv-01.dev-0001"), Timeout);

        var (request, _) = Assert.Single(_uas.Requests);
        var lines = request.Split("\r\n");
        Assert.Equal($"OPTIONS sip:srv-01.dev-0001@127.0.0.1:{_uas.EndPoint.Port} SIP/2.0", lines[0]);
        Assert.Matches(@"^Via: SIP/2\.0/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK[0-9a-f]{24};rport$", lines[1]);
        Assert.Contains("Max-Forwards: 70", lines);
        Assert.Contains(lines, l => l.StartsWith("From: <sip:cloudstatus@127.0.0.1:", StringComparison.Ordinal) && l.Contains(";tag=", StringComparison.Ordinal));
        Assert.Contains($"To: <sip:srv-01.dev-0001@127.0.0.1:{_uas.EndPoint.Port}>", lines);
        Assert.Contains(lines, l => l.StartsWith("Call-ID: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^CSeq: \d+ OPTIONS$"));
        Assert.Contains("Content-Length: 0", lines);
        Assert.EndsWith("\r\n\r\n", request, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(503)]
    public async Task QualifyAsync_ErrorFinalResponse_CountsAsAnAnswer(int status)
    {
        _uas.Answer = _ => status;

        var result = await _qualifier.QualifyAsync(Target("trunk-1"), Timeout);

        Assert.Equal(status, result.StatusCode);
    }

    [Fact]
    public async Task QualifyAsync_ProvisionalFirst_WaitsForTheFinalResponse()
    {
        _uas.ProvisionalFirst = TimeSpan.FromMilliseconds(50);

        var result = await _qualifier.QualifyAsync(Target("dev-1"), Timeout);

        Assert.Equal(200, result.StatusCode);
        Assert.True(result.RoundTrip >= TimeSpan.FromMilliseconds(40), $"answered after {result.RoundTrip}: the 100 was taken for the answer");
    }

    [Fact]
    public async Task QualifyAsync_ResponseWithAnotherCallId_IsStrayAndTheRequestMisses()
    {
        var fake = new FakeTimeProvider();
        var (qualifier, receiving) = Start(fake);
        using (qualifier)
        {
            _uas.Tamper = r => r.Replace("Call-ID: ", "Call-ID: forged-", StringComparison.Ordinal);

            var qualify = qualifier.QualifyAsync(Target("dev-1"), TimeSpan.FromSeconds(2));
            await Eventually.TrueAsync(() => qualifier.StrayResponses == 1, "the forged response arrived");
            fake.Advance(TimeSpan.FromSeconds(2));
            var result = await qualify;

            Assert.False(result.Answered);
            Assert.Contains("no answer within 2000 ms", result.Failure, StringComparison.Ordinal);
        }

        await receiving;
    }

    [Fact]
    public async Task QualifyAsync_SilentTarget_MissesAfterTheTimeout()
    {
        var fake = new FakeTimeProvider();
        var (qualifier, receiving) = Start(fake);
        using (qualifier)
        {
            _uas.Answer = _ => null;

            var qualify = qualifier.QualifyAsync(Target("dev-1"), TimeSpan.FromSeconds(2));
            await Eventually.TrueAsync(() => !_uas.Requests.IsEmpty, "the OPTIONS arrived");
            fake.Advance(TimeSpan.FromMilliseconds(1999));
            Assert.False(qualify.IsCompleted);
            fake.Advance(TimeSpan.FromMilliseconds(1));
            var result = await qualify;

            Assert.False(result.Answered);
            Assert.Equal(0, qualifier.InFlight);
        }

        await receiving;
    }

    [Fact]
    public async Task ReceiveAsync_GarbageDatagrams_CountedIgnoredAndTheNextAnswerStillMatches()
    {
        var garbage = new[] { "hello"u8.ToArray(), new byte[] { 0xff, 0xfe, 0x00 }, Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\n\r\n"), new byte[1200] };
        foreach (var datagram in garbage)
        {
            await _uas.SendRawAsync(datagram, new IPEndPoint(IPAddress.Loopback, _qualifier.LocalEndPoint.Port));
        }

        await Eventually.TrueAsync(() => _qualifier.BadDatagrams == garbage.Length, "the garbage was read and counted");
        var result = await _qualifier.QualifyAsync(Target("dev-1"), Timeout);

        Assert.Equal(200, result.StatusCode);
    }

    [Fact]
    public async Task QualifyAsync_ManyTargetsAtOnce_OneSocketMatchesEachAnswerToItsRequest()
    {
        // 40 at once: an unpaced burst much larger overflows the UAS's receive buffer on loopback (as it would a phone's).
        _uas.Answer = user => user.EndsWith('7') ? 486 : 200;

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _qualifier.QualifyAsync(Target($"dev-{i}"), Timeout)));

        Assert.Equal(40, _uas.Requests.Count);
        Assert.All(results.Select((r, i) => (r, i)), x => Assert.Equal(x.i % 10 == 7 ? 486 : 200, x.r.StatusCode));
    }

    private (SipQualifier Qualifier, Task Receiving) Start(TimeProvider timeProvider)
    {
        var qualifier = new SipQualifier(timeProvider, NullLogger<SipQualifier>.Instance);
        qualifier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (qualifier, qualifier.ReceiveAsync(_stop.Token));
    }

    private SipUri Target(string user)
    {
        Assert.True(SipUri.TryParse(_uas.Uri(user), out var uri));
        return uri;
    }
}
