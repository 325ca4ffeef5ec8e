using System.Net;
using System.Text.Json;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>The module's /healthz and /readyz on real Kestrel; the hub is unreachable (as in <see cref="EdgeModuleProgramTests"/>).</summary>
public sealed class EdgeModuleHealthTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Readyz_HubUnreachable_Is503NamingTheHubWhileHealthzIs200()
    {
        await using var app = EdgeModuleProgram.Build(EdgeModuleArgs.For(_dir.Sub("data")));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var checks = await ChecksAsync(ready);
        Assert.Equal("unhealthy", checks["iot-hub"]);
        Assert.Equal("healthy", checks["heap-mirror"]);
        Assert.Equal("healthy", checks["edge-node"]);
        Assert.Equal("healthy", checks["loops"]);
        await app.StopAsync();
    }

    [Fact]
    public async Task Healthz_NodeStopped_Is503()
    {
        await using var app = EdgeModuleProgram.Build(EdgeModuleArgs.For(_dir.Sub("data")));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await app.Services.GetRequiredService<EdgeNode>().StopAsync();
        using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
        Assert.Equal("unhealthy", (await ChecksAsync(live))["edge-node"]);
        await app.StopAsync();
    }

    private static async Task<Dictionary<string, string>> ChecksAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!, StringComparer.Ordinal);
    }
}
