using System.Diagnostics;
using System.Text;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Peers;

/// <summary>
/// A peer that answers garbage, too slowly, unsigned or with a replayed answer is absent, never trusted: real
/// clients against impostor peers on loopback Kestrel, and the peer link against a real peer that goes away.
/// </summary>
public sealed class PeerClientTests : IAsyncLifetime
{
    private const string Absent = "cloudstatus.edge.peer.absent";
    private PeerSite _site = null!;

    public async Task InitializeAsync() => _site = await PeerSite.StartAsync("pc-01", "pc-02", startNode: false);

    public Task DisposeAsync() => _site.DisposeAsync().AsTask();

    [Fact]
    public async Task Hello_StrangerAnswersUnsignedJson_Absent()
    {
        await using var stranger = await Impostor((_, _) => (200, """{"serverId":"pc-01","tenantId":"t-1","siteId":"site-01","softwareVersion":"9"}""", null));

        var answer = await _site.Client().HelloAsync("pc-01", stranger.Address.Authority);

        Assert.Equal("unsigned", answer.Absence);
        Assert.Equal(1, _site.Counted(Absent, "pc-02", "unsigned"));
    }

    [Fact]
    public async Task Hello_StrangerReplaysARealAnswer_AbsentBadSignature()
    {
        // Record a genuine signed answer of pc-01, then serve it (headers and body) to the next request.
        using var http = new HttpClient();
        var recorded = await RecordAnswerAsync(http);
        await using var stranger = await Impostor((_, _) => (200, recorded.Body, recorded.Headers));

        var answer = await _site.Client().HelloAsync("pc-01", stranger.Address.Authority);

        Assert.Equal("bad-signature", answer.Absence);
    }

    [Fact]
    public async Task Hello_KeyHolderAnswersSignedGarbage_Absent()
    {
        await using var garbage = await Impostor((request, body) => (200, body, SignAnswer(request, body)), body: "{\"serverId\": 42, <<<");

        var answer = await _site.Client().HelloAsync("pc-01", garbage.Address.Authority);

        Assert.Equal("garbage", answer.Absence);
        Assert.Equal(1, _site.Counted(Absent, "pc-02", "garbage"));
    }

    [Fact]
    public async Task Hello_AnswerFromAnotherServerOfTheSite_AbsentWrongPeer()
    {
        await using var other = await Impostor((request, body) => (200, body, SignAnswer(request, body, from: "pc-03")), body: "{}");

        var answer = await _site.Client().HelloAsync("pc-01", other.Address.Authority);

        Assert.Equal("wrong-peer", answer.Absence);
    }

    [Fact]
    public async Task Hello_PeerTooSlow_AbsentWithinTheTimeout()
    {
        await using var slow = await LoopbackServer.StartAsync(_ => { }, app => app.MapGet("/peer/v1/hello", async (HttpContext c) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted);
            return Results.Ok();
        }));
        var watch = Stopwatch.StartNew();

        var answer = await _site.Client(timeout: TimeSpan.FromMilliseconds(300)).HelloAsync("pc-01", slow.Address.Authority);

        Assert.Equal("timeout", answer.Absence);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Probe_PeerStopsAnswering_LostAfterTheMissesThenFoundAgain()
    {
        await using var peer = await PeerSite.StartAsync("pc-02", "pc-01", startNode: false);
        var link = _site.Endpoint.Link;
        var directory = _site.Endpoint.Directory;
        directory.Update(new NeighboursRequest { FailoverPeer = "pc-02", Servers = [new() { ServerId = "pc-02", SiteId = "site-01", LanAddress = peer.Endpoint.Address }] });

        var present = await link.ProbeAsync();
        directory.Update(new NeighboursRequest { FailoverPeer = "pc-02", Servers = [new() { ServerId = "pc-02", SiteId = "site-01", LanAddress = "127.0.0.1:9" }] });
        var missed = await link.ProbeAsync();
        var lost = await link.ProbeAsync();
        directory.Update(new NeighboursRequest { FailoverPeer = "pc-02", Servers = [new() { ServerId = "pc-02", SiteId = "site-01", LanAddress = peer.Endpoint.Address }] });
        var found = await link.ProbeAsync();

        Assert.Equal((true, false), (present.Present, present.Lost));
        Assert.Equal((false, 1, false), (missed.Present, missed.Misses, missed.Lost));
        Assert.Equal((false, 2, true), (lost.Present, lost.Misses, lost.Lost));
        Assert.Equal((true, false, "pc-02"), (found.Present, found.Lost, found.LastHello!.ServerId));
    }

    [Fact]
    public async Task Probe_NoAddressFromCentralYet_AsksNobody()
    {
        var state = await _site.Endpoint.Link.ProbeAsync();

        Assert.Equal(PeerLinkState.Unknown, state);
    }

    private async Task<(string Body, Dictionary<string, string> Headers)> RecordAnswerAsync(HttpClient http)
    {
        var at = PeerSignature.FormatTimestamp(DateTimeOffset.UtcNow);
        var nonce = PeerSignature.NewNonce();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_site.BaseAddress, "/peer/v1/hello"));
        request.Headers.Add(PeerSignature.From, "pc-02");
        request.Headers.Add(PeerSignature.To, "pc-01");
        request.Headers.Add(PeerSignature.Timestamp, at);
        request.Headers.Add(PeerSignature.Nonce, nonce);
        request.Headers.Add(PeerSignature.Signature, PeerSignature.Sign(Key, PeerSignature.RequestString("GET", "/peer/v1/hello", "pc-02", "pc-01", at, nonce, [])));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var headers = new[] { PeerSignature.From, PeerSignature.Timestamp, PeerSignature.Signature }.ToDictionary(h => h, h => response.Headers.GetValues(h).Single());
        return (await response.Content.ReadAsStringAsync(), headers);
    }

    private static byte[] Key => Encoding.UTF8.GetBytes(PeerSite.SiteKey);

    /// <summary>Signs <paramref name="body"/> as an answer to <paramref name="request"/>, as a holder of the site key would.</summary>
    private static Dictionary<string, string> SignAnswer(HttpRequest request, string body, string from = "pc-01")
    {
        var at = PeerSignature.FormatTimestamp(DateTimeOffset.UtcNow);
        var nonce = request.Headers[PeerSignature.Nonce].ToString();
        var to = request.Headers[PeerSignature.From].ToString();
        return new()
        {
            [PeerSignature.From] = from,
            [PeerSignature.Timestamp] = at,
            [PeerSignature.Signature] = PeerSignature.Sign(Key, PeerSignature.AnswerString(nonce, 200, from, to, at, Encoding.UTF8.GetBytes(body))),
        };
    }

    /// <summary>A fake peer on loopback Kestrel whose hello answers what <paramref name="answer"/> says.</summary>
    private static Task<LoopbackServer> Impostor(
        Func<HttpRequest, string, (int Status, string Body, Dictionary<string, string>? Headers)> answer, string body = "") =>
        LoopbackServer.StartAsync(_ => { }, app => app.MapGet("/peer/v1/hello", async (HttpContext c) =>
        {
            var (status, text, headers) = answer(c.Request, body);
            c.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? [])
            {
                c.Response.Headers[name] = value;
            }

            await c.Response.WriteAsync(text, c.RequestAborted);
        }));
}
