using System.Diagnostics;
using System.Net;
using CloudStatus.Core.Model;
using CloudStatus.Dev.Tests.Hub;
using Xunit.Abstractions;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 17, phones over SIP (the dev default): the fleet's phones answer OPTIONS on loopback UDP and each edge node
/// qualifies its server's phones through the SIP adapter, configured by <c>sip</c> entries of its twin's equipment
/// section; observed through the API as a user would.
/// </summary>
public sealed class SipPhonesAcceptanceTests(ITestOutputHelper output)
{
    private const string Phone = "srv-01.sw-01.dev-002";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Phone_StopsAnsweringOptions_OfflineWithinThreeIntervalsAndBackWhenItAnswers()
    {
        await using var stack = await StackHarness.StartAsync(o => o with
        {
            Period = TimeSpan.FromMilliseconds(300),
            ChangeRate = 0,
            SipPhones = true,
            SipInterval = Interval,
        });
        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-01"))?.Ingest.Records > 0, "srv-01 reported its producers");
        await Eventually.TrueAsync(async () => await PhoneAsync(stack) is { Health: Health.Online, State: { } s } && s.Contains("\"rttMs\":", StringComparison.Ordinal),
            "the phone is online with the round trip of its OPTIONS answer");

        using (var silenced = await stack.PostAsync($"/dev/sim/producers/{Phone}", """{"health":"offline"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, silenced.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => (await PhoneAsync(stack))?.Health == Health.Offline, "the silent phone is offline centrally", Interval * 10);
        var toOffline = clock.Elapsed;
        var offline = await PhoneAsync(stack);
        Assert.Contains("no answer to 3 OPTIONS", offline!.State, StringComparison.Ordinal);

        using (var answering = await stack.PostAsync($"/dev/sim/producers/{Phone}", """{"health":"online"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, answering.StatusCode);
        }

        clock.Restart();
        await Eventually.TrueAsync(async () => (await PhoneAsync(stack))?.Health == Health.Online, "the phone answers again and is online centrally", Interval * 10);
        var toOnline = clock.Elapsed;
        output.WriteLine($"offline after {toOffline.TotalMilliseconds:0} ms, online again after {toOnline.TotalMilliseconds:0} ms (interval {Interval.TotalMilliseconds:0} ms)");

        // Three missed answers one interval apart (the first up to an interval away), each waited for up to its 250 ms
        // timeout, then the 300 ms pipeline to central: within three intervals plus that slack. Back at the next qualify.
        Assert.True(toOffline < (Interval * 3) + TimeSpan.FromSeconds(1.5), $"offline after {toOffline}");
        Assert.True(toOnline < (Interval * 2) + TimeSpan.FromSeconds(1), $"online again after {toOnline}");
        Assert.Equal(Health.Online, (await PhoneAsync(stack, "srv-01.sw-01.dev-001"))!.Health);
        Assert.True(stack.Fleet.FindServer("srv-01")!.SipResponder!.Answered > 0);
    }

    [Fact]
    public async Task Phone_Degraded_Answers503AndIsDegradedCentrallyWithTheReason_ByDefault()
    {
        // No SipPhones here: SIP is the dev stack's default for phones.
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(300), ChangeRate = 0, SipInterval = Interval });
        var responder = stack.Fleet.FindServer("srv-01")!.SipResponder;
        Assert.NotNull(responder);
        await Eventually.TrueAsync(async () => await PhoneAsync(stack) is { Health: Health.Online, State: { } s } && s.Contains("\"sipStatus\":200", StringComparison.Ordinal),
            "the phone is online through its OPTIONS answer");

        using (var degraded = await stack.PostAsync($"/dev/sim/producers/{Phone}", """{"health":"degraded"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        }

        await Eventually.TrueAsync(async () => (await PhoneAsync(stack))?.Health == Health.Degraded, "the phone answering 503 is degraded centrally", Interval * 10);
        var phone = await PhoneAsync(stack);
        Assert.Contains("\"sipStatus\":503", phone!.State, StringComparison.Ordinal);
        Assert.Contains("answered OPTIONS with 503", phone.State, StringComparison.Ordinal);

        using (var online = await stack.PostAsync($"/dev/sim/producers/{Phone}", """{"health":"online"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, online.StatusCode);
        }

        await Eventually.TrueAsync(async () => await PhoneAsync(stack) is { Health: Health.Online, State: { } s } && s.Contains("\"sipStatus\":200", StringComparison.Ordinal),
            "the phone answers 200 again and is online centrally", Interval * 10);
    }

    private static async Task<Functions.Api.ProducerDto?> PhoneAsync(StackHarness stack, string id = Phone) =>
        (await stack.ProducersAsync("srv-01")).SingleOrDefault(p => p.ProducerId == id);
}
