using System.Net;
using CloudStatus.Core.Model;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 17, the whole dev fleet behind production adapters (ADR 140): switches over their HTTP API, phones and trunks
/// over SIP OPTIONS, the rest (server, voicemail, fans) pushed by the element manager to each node's push endpoint;
/// nothing in process. Dev routes act on the equipment. Observed through the API.
/// </summary>
public sealed class FleetPathsAcceptanceTests
{
    private static readonly TimeSpan SipInterval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task EveryProducer_ReachesCentralThroughAnAdapter_TrunksOverSipTheRestPushed_DevRoutesActOnTheEquipment()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(300), ChangeRate = 0, SipInterval = SipInterval });
        var simulated = stack.Fleet.FindServer("srv-01")!.Equipment.ProducerIds;
        await Eventually.TrueAsync(async () => (await stack.ProducersAsync("srv-01")).Count >= simulated.Count, "every producer of srv-01 reached central");

        var trunk = (await ProducerAsync(stack, "srv-01.sw-01.trunk-1"))!;
        Assert.Contains("\"rttMs\":", trunk.State, StringComparison.Ordinal); // qualified over SIP
        Assert.Equal(Health.Online, (await ProducerAsync(stack, "srv-01.sw-01.fan"))!.Health);
        Assert.Equal(Health.Online, (await ProducerAsync(stack, "srv-01.voicemail"))!.Health);
        Assert.True(stack.Fleet.ElementManager.Pushed > 0, "the fans, voicemail and server were pushed over HTTP");

        using (var fan = await stack.PostAsync("/dev/sim/producers/srv-01.sw-01.fan", """{"health":"degraded"}"""))
        using (var silent = await stack.PostAsync("/dev/sim/producers/srv-01.sw-01.trunk-2", """{"health":"offline"}"""))
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (fan.StatusCode, silent.StatusCode));
        }

        await Eventually.TrueAsync(async () => (await ProducerAsync(stack, "srv-01.sw-01.fan"))?.Health == Health.Degraded, "the fan's push reached central");
        await Eventually.TrueAsync(
            async () => await ProducerAsync(stack, "srv-01.sw-01.trunk-2") is { Health: Health.Offline, State: { } s } && s.Contains("no answer to 3 OPTIONS", StringComparison.Ordinal),
            "the silent trunk is offline after missed OPTIONS",
            SipInterval * 10);
    }

    [Fact]
    public async Task Pairs_PartnerQualifiesTheSamePhonesAndTrunksAndGetsTheSamePushes()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(300), ChangeRate = 0, Pairs = true, SipInterval = SipInterval });
        string[] seenByBoth = ["srv-01.sw-01.dev-001", "srv-01.sw-01.trunk-1", "srv-01.sw-01.fan", "srv-01.voicemail"];

        await Eventually.TrueAsync(
            async () =>
            {
                foreach (var id in seenByBoth)
                {
                    if (await stack.ProducerAsync(id) is not { } p || p.GetProperty("reportedBy").GetArrayLength() != 2)
                    {
                        return false;
                    }
                }

                return true;
            },
            "srv-01's phone, trunk, fan and voicemail are reported by both servers of the pair");
        var twin = stack.Fleet.FindServer("srv-02")!.Node.Options.Equipment;
        Assert.Contains(twin.Values, e => e.ProducerId == "srv-01.sw-01.dev-001" && e.Adapter == "sip");
    }

    private static async Task<ProducerDto?> ProducerAsync(StackHarness stack, string id) =>
        (await stack.ProducersAsync(id[..6])).SingleOrDefault(p => p.ProducerId == id);
}
