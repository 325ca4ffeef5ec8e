using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>
/// The push endpoint a host that composes nodes starts per node (ADR 140): real Kestrel on loopback, the module's own
/// authentication and subtree rule, observations into the given intake.
/// </summary>
public sealed class EdgeNodePushEndpointTests : IAsyncLifetime
{
    private const string Secret = "site-01-element-manager-0123456789";
    private readonly RecordingIntake _intake = new();
    private readonly HttpClient _client = new();
    private readonly TempDirectory _dir = new("edge");
    private EdgeNodePushEndpoint? _endpoint;

    public async Task InitializeAsync()
    {
        var file = _dir.Sub("push-secret");
        await File.WriteAllTextAsync(file, Secret);
        _endpoint = await EdgeNodePushEndpoint.StartAsync(
            _intake, [new ProducerPushCaller { Name = "site-01-em", SecretFile = file, Subtrees = ["srv-01"] }], NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _endpoint!.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Push_RegisteredCallerForItsSubtree_202AndTheBatchReachesTheIntakeInOrder()
    {
        using var response = await PushAsync(Secret, """
            [{"producerId":"srv-01.sw-01.fan","kind":"fan","parentId":"srv-01.sw-01","health":"offline"},
             {"producerId":"srv-01.sw-01.fan","kind":"fan","parentId":"srv-01.sw-01","health":"online"}]
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([Health.Offline, Health.Online], _intake.Observations.Select(o => o.Health));
        Assert.Equal("127.0.0.1", _endpoint!.Url.Host);
    }

    [Theory]
    [InlineData("not-the-secret-0123456789", "srv-01.fan", HttpStatusCode.Unauthorized)]
    [InlineData(Secret, "srv-02.fan", HttpStatusCode.Forbidden)]
    public async Task Push_UnknownCallerOrAnotherSubtree_RefusedAndNothingTaken(string secret, string producerId, HttpStatusCode expected)
    {
        using var response = await PushAsync(secret, $$"""{"producerId":"{{producerId}}","kind":"fan","parentId":"{{producerId[..6]}}"}""");

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(_intake.Observations);
    }

    [Fact]
    public async Task StartAsync_CallerWithAnUnreadableSecret_RefusedWithTheReason()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => EdgeNodePushEndpoint.StartAsync(
            _intake, [new ProducerPushCaller { Name = "em", SecretFile = _dir.Sub("missing"), Subtrees = ["srv-01"] }], NullLoggerFactory.Instance));

        Assert.Contains("cannot be read", ex.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PushAsync(string secret, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoint!.Url, EdgeNodePushEndpoint.Route.TrimStart('/')))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await _client.SendAsync(request);
    }
}
