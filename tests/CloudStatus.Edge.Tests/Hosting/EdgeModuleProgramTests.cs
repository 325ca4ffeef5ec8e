using System.Net;
using System.Text;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Twin;
using CloudStatus.Testing.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>The deployable module's host on real Kestrel (loopback, port 0); the hub is unreachable, which the module tolerates.</summary>
public sealed class EdgeModuleProgramTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Build_ValidConfiguration_StartsTheNodeAndTakesPushedObservations()
    {
        await using var app = EdgeModuleProgram.Build(Args(serverId: "srv-01"));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", EdgeModuleArgs.PushSecret);

        var health = await client.GetAsync("/healthz");
        var push = await client.PostAsync(
            ProducerPushApi.Route,
            new StringContent("""{"producerId":"srv-01.sw-01","kind":"switch","parentId":"srv-01"}""", Encoding.UTF8, "application/json"));

        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var forged = await anonymous.PostAsync(
            ProducerPushApi.Route,
            new StringContent("""{"producerId":"srv-01.sw-02","kind":"switch","parentId":"srv-01"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var node = app.Services.GetRequiredService<EdgeNode>();
        await Eventually.TrueAsync(() => node.Heap.Get("srv-01.sw-01") is not null, "the pushed switch reached the heap");
        Assert.IsType<TwinConfigurationHandler>(app.Services.GetRequiredService<IModuleTwinHandler>());
        await app.StopAsync();
    }

    [Fact]
    public async Task Build_InvalidConfiguration_FailsAtStartNamingTheSetting()
    {
        await using var app = EdgeModuleProgram.Build(Args(serverId: "not valid"));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("CloudStatus:Edge:ServerId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_MalformedSipTarget_FailsAtStartNamingIt()
    {
        await using var app = EdgeModuleProgram.Build(EdgeModuleArgs.For(
            _dir.Sub("data"),
            "srv-01",
            "--CloudStatus:Edge:SipQualify:Targets:0:ProducerId", "srv-01.sw-01.dev-001",
            "--CloudStatus:Edge:SipQualify:Targets:0:Kind", "device",
            "--CloudStatus:Edge:SipQualify:Targets:0:Uri", "sip:1001@phone.example"));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("SipQualify:Targets:0:Uri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WithASiteKey_PeerInterfaceListensApartAndRefusesAStranger()
    {
        var keyFile = _dir.Sub("site.key");
        await File.WriteAllTextAsync(keyFile, "module-site-key-0123456789abcdef-0123456789");
        await using var app = EdgeModuleProgram.Build(EdgeModuleArgs.For(
            _dir.Sub("data"), "srv-01", "--CloudStatus:Edge:Peers:KeyFile", keyFile, "--CloudStatus:Edge:Peers:ListenUrl", "http://127.0.0.1:0"));
        await app.StartAsync();

        var endpoint = app.Services.GetRequiredService<PeerEndpointService>().Endpoint;
        using var stranger = new HttpClient();
        using var refused = await stranger.GetAsync(new Uri($"http://{endpoint!.Address}/peer/v1/hello"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.NotEqual(new Uri(app.Urls.First()).Port, new Uri($"http://{endpoint.Address}").Port);
        Assert.Same(endpoint.Directory, app.Services.GetRequiredService<EdgeNode>().PeerDirectory);
        await app.StopAsync();
    }

    private string[] Args(string serverId) => EdgeModuleArgs.For(_dir.Sub("data"), serverId);
}
