using System.Net;
using System.Net.Http.Headers;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers;

/// <summary>
/// <c>POST /api/producers/{id}/announce</c> (docs/adr/0175) on a composed node's push endpoint (real Kestrel): a switch
/// plugged into an empty slot polled every 30 s is polled at once when announced, and reported; the push's callers and
/// subtrees apply. The wall clock drives the node's loops, as it runs.
/// </summary>
public sealed class ProducerAnnounceTests : IAsyncLifetime
{
    private const string Secret = "site-01-element-manager-0123456789";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new("edge");
    private readonly HttpClient _client = new();
    private EquipmentPeer _slot = null!;
    private EdgeNode _node = null!;
    private EdgeNodePushEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _slot = await EquipmentPeer.StartAsync();
        _slot.FailWith = 404; // an empty slot
        var file = _dir.Sub("push-secret");
        await File.WriteAllTextAsync(file, Secret);
        _node = new EdgeNode(
            new EdgeNodeOptions
            {
                TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = _dir.CreateSub("node"), Period = TimeSpan.FromMilliseconds(100),
                Equipment = new Dictionary<string, EquipmentOptions>(StringComparer.Ordinal)
                {
                    ["slot-1"] = new()
                    {
                        ProducerId = "srv-01.sw-slot-1", Kind = ProducerKind.Switch, ParentId = "srv-01", Url = _slot.Url,
                        Interval = Interval, Timeout = TimeSpan.FromSeconds(2), AwaitFirstAnswer = true,
                    },
                },
            },
            new FakeUpstreamTransport(), TimeProvider.System, NullLoggerFactory.Instance);
        _endpoint = await EdgeNodePushEndpoint.StartAsync(
            _node.Intake, [new ProducerPushCaller { Name = "site-01-em", SecretFile = file, Subtrees = ["srv-01"] }], NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _endpoint.DisposeAsync();
        await _node.DisposeAsync();
        await _slot.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Announce_SwitchPluggedIntoAnEmptySlot_PolledAtOnceAndReported()
    {
        await _node.StartAsync();
        await Eventually.TrueAsync(() => StatusPolls() == 1, "the empty slot was polled once");
        _slot.FailWith = null;
        _slot.Identity = ",\"mac\":\"02:aa:00:00:00:01\",\"ip\":\"10.1.0.9\"";

        using var response = await AnnounceAsync(Secret, "srv-01.sw-slot-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Well within the 30 s interval: only the announcement can have asked for this poll.
        await Eventually.TrueAsync(() => _node.Heap.Get("srv-01.sw-slot-1") is not null, "the plugged switch was reported", TimeSpan.FromSeconds(5));
        Assert.Equal(2, StatusPolls());
        Assert.Equal(("02:aa:00:00:00:01", "10.1.0.9"), (_node.Heap.Get("srv-01.sw-slot-1")!.Mac, _node.Heap.Get("srv-01.sw-slot-1")!.Ip));
    }

    [Theory]
    [InlineData("not-the-secret-0123456789", "srv-01.sw-slot-1", HttpStatusCode.Unauthorized)]
    [InlineData(Secret, "srv-02.sw-slot-1", HttpStatusCode.Forbidden)]
    [InlineData(Secret, "srv-01.fan-1", HttpStatusCode.NotFound)]
    [InlineData(Secret, "srv-01.sw slot", HttpStatusCode.BadRequest)]
    public async Task Announce_UnknownCallerAnotherSubtreeNotPolledHereOrBadId_RefusedAndNotPolled(string secret, string producerId, HttpStatusCode expected)
    {
        await _node.StartAsync();
        await Eventually.TrueAsync(() => StatusPolls() == 1, "the empty slot was polled once");

        using var response = await AnnounceAsync(secret, producerId);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, StatusPolls());
    }

    [Fact]
    public async Task Announce_NodeStopped_NotPolledHere()
    {
        using var response = await AnnounceAsync(Secret, "srv-01.sw-slot-1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, StatusPolls());
    }

    private int StatusPolls() => _slot.Received.Count(r => r.StartsWith("GET /status", StringComparison.Ordinal));

    private async Task<HttpResponseMessage> AnnounceAsync(string secret, string producerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoint.Url, $"api/producers/{Uri.EscapeDataString(producerId)}/announce"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await _client.SendAsync(request);
    }
}
