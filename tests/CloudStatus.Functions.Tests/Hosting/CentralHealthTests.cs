using System.Net;
using System.Text.Json;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Tests.Hosting;

/// <summary>Central's /healthz and /readyz, wired as Program.cs wires them, on a SQLite store in its own folder.</summary>
public sealed class CentralHealthTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("functions");
    private ApiHost _host = null!;

    private string DataDirectory => _directory.Sub("store");

    public async Task InitializeAsync() =>
        _host = await ApiHost.StartAsync(settings: new Dictionary<string, string?> { ["CloudStatus:Central:Store:DataDirectory"] = DataDirectory });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Readyz_StoreReachable_Is200()
    {
        var (status, body) = await GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("loops").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_StoreFileUnreachable_Is503AndBackTo200WhenItReturns()
    {
        var away = _directory.Sub("away");

        Directory.Move(DataDirectory, away);
        SqliteConnection.ClearAllPools(); // pooled connections would still hold the moved file open
        var (downStatus, down) = await GetAsync("/readyz");
        var (liveStatus, _) = await GetAsync("/healthz");
        Directory.Move(away, DataDirectory);
        SqliteConnection.ClearAllPools();
        var (upStatus, _) = await GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        Assert.Equal("unhealthy", down.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal(HttpStatusCode.OK, upStatus);
    }

    [Fact]
    public async Task Healthz_NoToken_RunsOnlyTheLiveChecks()
    {
        var (status, body) = await GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["loops"], body.GetProperty("checks").EnumerateObject().Select(c => c.Name));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _host.Anonymous.GetAsync(new Uri(path, UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
