using System.Net;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Tests.Support;

namespace CloudStatus.Edge.Tests.Peers;

/// <summary>The peer interface of a running node on real Kestrel (loopback), called by real clients: who is answered and what.</summary>
public sealed class PeerInterfaceTests : IAsyncLifetime
{
    private const string Refused = "cloudstatus.edge.peer.refused";
    private readonly HttpClient _raw = new();
    private PeerSite _site = null!;

    public async Task InitializeAsync() => _site = await PeerSite.StartAsync("pi-01", "pi-02");

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task Hello_SignedPeer_SaysWhoItIsWhatItManagesAndItsVersion()
    {
        var answer = await _site.Client().HelloAsync("pi-01", _site.Endpoint.Address);

        var hello = Assert.IsType<PeerHello>(answer.Value);
        Assert.Equal(("pi-01", "t-1", "site-01", true), (hello.ServerId, hello.TenantId, hello.SiteId, hello.Running));
        Assert.Equal(["pi-01"], hello.Subtrees);
        Assert.False(string.IsNullOrEmpty(hello.SoftwareVersion));
        Assert.Equal(_site.Node.Node.Heap.Epoch, hello.Epoch);
    }

    [Fact]
    public async Task Heap_UnderASwitch_AnswersThatSubtreeAsTheHeapHoldsIt()
    {
        var heap = _site.Node.Node.Heap;
        await Eventually.TrueAsync(() => heap.LiveCount == _site.Node.Equipment.ProducerIds.Count, "the population is in the heap");

        var answer = await _site.Client().HeapAsync("pi-01", _site.Endpoint.Address, under: "pi-01.sw-01");

        var expected = heap.Records().Where(r => r.ProducerId == "pi-01.sw-01" || r.ProducerId.StartsWith("pi-01.sw-01.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => (r.ProducerId, r.Seq, r.Health)), answer.Value!.Records.Select(r => (r.ProducerId, r.Seq, r.Health)));
    }

    [Fact]
    public async Task History_SignedPeer_AnswersThePageTheDirectMethodAnswers()
    {
        var request = new HistoryRequest { From = DateTimeOffset.UtcNow.AddDays(-1), To = DateTimeOffset.UtcNow.AddDays(1), Limit = 50 };
        var direct = await _site.Node.Node.CommandHandler.HandleAsync(
            DirectMethodNames.History, JsonSerializer.SerializeToUtf8Bytes(request, HistoryJsonContext.Default.HistoryRequest));

        var answer = await _site.Client().HistoryAsync("pi-01", _site.Endpoint.Address, request);

        Assert.Equal(200, direct.Status);
        var page = JsonSerializer.Deserialize(direct.Payload, HistoryJsonContext.Default.HistoryPage)!;
        Assert.NotEmpty(page.Events);
        Assert.Equal(page.Events.Select(e => e.EventId), answer.Value!.Events.Select(e => e.EventId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer " + PeerSite.SiteKey)]
    public async Task Hello_WithoutPeerCredentials_401CountedAndNothingSaid(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_site.BaseAddress, "/peer/v1/hello"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(PeerSignature.Scheme, Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("site-01", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "unauthenticated"));
    }

    [Fact]
    public async Task Hello_SignedWithAnotherKey_RefusedAndThePeerAbsentForTheCaller()
    {
        var stranger = _site.Client(keyFile: _site.WriteKey("stranger.key", "not-the-site-key-0123456789abcdef-012345"));

        var answer = await stranger.HelloAsync("pi-01", _site.Endpoint.Address);

        Assert.Equal(("status-401", false), (answer.Absence, answer.IsPresent));
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "unauthenticated"));
    }

    [Fact]
    public async Task Hello_ReplayedRequest_FirstAnsweredSecondRefusedAndCounted()
    {
        var signed = Signed("GET", "/peer/v1/hello", "pi-02", "pi-01", DateTimeOffset.UtcNow);

        using var first = await _raw.SendAsync(signed.Build(_site.BaseAddress));
        using var replay = await _raw.SendAsync(signed.Build(_site.BaseAddress));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "replay"));
    }

    [Fact]
    public async Task Hello_TimestampOutsideTheWindow_RefusedAsStale()
    {
        var signed = Signed("GET", "/peer/v1/hello", "pi-02", "pi-01", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));

        using var response = await _raw.SendAsync(signed.Build(_site.BaseAddress));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "stale"));
    }

    [Fact]
    public async Task Hello_RequestSignedForAnotherServer_RefusedAsMisdirected()
    {
        // A request captured on its way to pi-03 cannot be played against pi-01.
        var signed = Signed("GET", "/peer/v1/hello", "pi-02", "pi-03", DateTimeOffset.UtcNow);

        using var response = await _raw.SendAsync(signed.Build(_site.BaseAddress));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "misdirected"));
    }

    [Fact]
    public async Task Heap_PathChangedAfterSigning_Refused()
    {
        var signed = Signed("GET", "/peer/v1/hello", "pi-02", "pi-01", DateTimeOffset.UtcNow) with { Path = "/peer/v1/heap" };

        using var response = await _raw.SendAsync(signed.Build(_site.BaseAddress));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "unauthenticated"));
    }

    [Fact]
    public async Task Hello_OnceCentralNamedTheNeighbours_AnotherKeyHolderIsForbidden()
    {
        var neighbours = new NeighboursRequest { FailoverPeer = "pi-02", Servers = [new() { ServerId = "pi-02", SiteId = "site-01", LanAddress = "127.0.0.1:1" }] };
        var told = await _site.Node.Node.CommandHandler.HandleAsync(
            DirectMethodNames.Neighbours, JsonSerializer.SerializeToUtf8Bytes(neighbours, NeighboursJsonContext.Default.NeighboursRequest));
        Assert.Equal(200, told.Status);
        Assert.Equal("127.0.0.1:1", _site.Endpoint.Directory.AddressOf("pi-02"));

        var neighbour = await _site.Client().HelloAsync("pi-01", _site.Endpoint.Address);
        var other = await _site.Client(@as: "pi-09").HelloAsync("pi-01", _site.Endpoint.Address);

        Assert.True(neighbour.IsPresent);
        Assert.Equal("status-403", other.Absence);
        Assert.Equal(1, _site.Counted(Refused, "pi-01", "not-a-neighbour"));
    }

    [Fact]
    public async Task Neighbours_WithFences_TheDirectoryKeepsTheTokensTheNodePresents()
    {
        var neighbours = new NeighboursRequest
        {
            FailoverPeer = "pi-02", Covers = ["pi-02"], Servers = [new() { ServerId = "pi-02", SiteId = "site-01" }],
            Fences = new Dictionary<string, long> { ["pi-01"] = 1, ["pi-02"] = 2 },
        };

        var told = await _site.Node.Node.CommandHandler.HandleAsync(
            DirectMethodNames.Neighbours, JsonSerializer.SerializeToUtf8Bytes(neighbours, NeighboursJsonContext.Default.NeighboursRequest));

        Assert.Equal(200, told.Status);
        Assert.Equal(new Dictionary<string, long> { ["pi-01"] = 1, ["pi-02"] = 2 }, _site.Endpoint.Directory.Neighbours!.Fences!.ToDictionary());
    }

    [Fact]
    public async Task Hello_KeyRotatedWithThePreviousKept_BothKeysAnswered()
    {
        var oldKey = _site.WriteKey("old.key", PeerSite.SiteKey);
        File.WriteAllText(_site.KeyFile, "the-rotated-site-key-0123456789abcdef-0123");
        File.SetLastWriteTimeUtc(_site.KeyFile, DateTime.UtcNow.AddSeconds(5));
        _site.Options.PreviousKeyFile = oldKey;

        var rotated = await _site.Client().HelloAsync("pi-01", _site.Endpoint.Address);
        var notYet = await _site.Client(keyFile: oldKey).HelloAsync("pi-01", _site.Endpoint.Address);

        Assert.True(rotated.IsPresent, rotated.Absence);
        Assert.True(notYet.IsPresent, notYet.Absence);
    }

    [Theory]
    [InlineData("{\"servers\":[{\"serverId\":\"bad id\",\"siteId\":\"s\"}]}")]
    [InlineData("[1,2")]
    [InlineData("{\"fences\":{\"pi-02\":0}}")]
    public async Task Neighbours_Malformed_400AndTheLastListStays(string payload)
    {
        var answer = await _site.Node.Node.CommandHandler.HandleAsync(DirectMethodNames.Neighbours, Encoding.UTF8.GetBytes(payload));

        Assert.Equal(400, answer.Status);
        Assert.Null(_site.Endpoint.Directory.Neighbours);
    }

    private static SignedRequest Signed(string method, string path, string from, string to, DateTimeOffset at) =>
        new(method, path, from, to, PeerSignature.FormatTimestamp(at), PeerSignature.NewNonce());

    private sealed record SignedRequest(string Method, string Path, string From, string To, string Timestamp, string Nonce)
    {
        private readonly string _signature = PeerSignature.Sign(
            Encoding.UTF8.GetBytes(PeerSite.SiteKey), PeerSignature.RequestString(Method, Path, From, To, Timestamp, Nonce, []));

        public HttpRequestMessage Build(Uri baseAddress)
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(baseAddress, Path));
            request.Headers.Add(PeerSignature.From, From);
            request.Headers.Add(PeerSignature.To, To);
            request.Headers.Add(PeerSignature.Timestamp, Timestamp);
            request.Headers.Add(PeerSignature.Nonce, Nonce);
            request.Headers.Add(PeerSignature.Signature, _signature);
            return request;
        }
    }
}
