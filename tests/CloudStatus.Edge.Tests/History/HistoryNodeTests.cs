using System.Text;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.History;

/// <summary>The local history inside a composed node: fed by the simulated equipment's observations, kept across a restart.</summary>
public sealed class HistoryNodeTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeUpstreamTransport _transport = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task History_OnARunningNode_HoldsEveryProducersAppearanceAndEachFlap()
    {
        await using var sim = NewNode(new HistoryOptions());
        var node = sim.Node;
        await sim.StartAsync();
        const string Device = "srv-01.sw-01.dev-001";
        foreach (var health in new[] { Health.Offline, Health.Online, Health.Offline })
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            sim.Equipment.SetHealth(Device, health);
        }

        var page = await CallAsync(node, new HistoryRequest { From = T0, To = T0.AddHours(1), Limit = 1000 });

        Assert.Equal(
            sim.Equipment.ProducerIds.Order(StringComparer.Ordinal),
            page.Events.Where(e => e.Type == LocalEventTypes.Appeared).Select(e => e.ProducerId).Order(StringComparer.Ordinal));
        Assert.Equal(
            [Health.Offline, Health.Online, Health.Offline],
            page.Events.Where(e => e.Type == LocalEventTypes.Health && e.ProducerId == Device).Select(e => e.Health!.Value));
        Assert.All(page.Events, e => Assert.StartsWith("srv-01:", e.EventId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopAsync_FlushesPendingTransitions_AndARestartKeepsThemUnderTheSameIds()
    {
        // Flush every hour only: what the stop writes was never flushed by the loop.
        await using var sim = NewNode(new HistoryOptions { FlushInterval = TimeSpan.FromHours(1) });
        var node = sim.Node;
        await sim.StartAsync();
        await node.StopAsync();
        await sim.StartAsync();

        var page = await CallAsync(node, new HistoryRequest { From = T0, To = T0.AddHours(1), Limit = 1000 });

        // The first run's appearances, written by the stop, come first; the second run's follow under the same epoch.
        var producers = sim.Equipment.ProducerIds;
        var byNumber = page.Events.OrderBy(e => e.Number).ToList();
        Assert.Equal(producers.Order(StringComparer.Ordinal), byNumber.Take(producers.Count).Select(e => e.ProducerId).Order(StringComparer.Ordinal));
        Assert.True(byNumber.Count > producers.Count, "the second run recorded its own appearances");
        Assert.Equal(Enumerable.Range(1, byNumber.Count).Select(n => (long)n), byNumber.Select(e => e.Number));
        Assert.Single(page.Events.Select(e => e.EventId.Split(':')[1]).Distinct());
    }

    [Fact]
    public async Task History_Disabled_501()
    {
        await using var sim = NewNode(new HistoryOptions { Enabled = false });
        var node = sim.Node;
        await sim.StartAsync();

        var response = await node.CommandHandler.HandleAsync(
            DirectMethodNames.History, Encoding.UTF8.GetBytes("""{"from":"2025-01-01T00:00:00Z","to":"2025-01-02T00:00:00Z"}"""));

        Assert.Equal(501, response.Status);
        Assert.False(File.Exists(Path.Combine(_dir.Sub("srv-01"), SqliteLocalHistory.FileName)));
    }

    private static async Task<HistoryPage> CallAsync(EdgeNode node, HistoryRequest request)
    {
        var response = await node.CommandHandler.HandleAsync(
            DirectMethodNames.History, JsonSerializer.SerializeToUtf8Bytes(request, HistoryJsonContext.Default.HistoryRequest));
        Assert.True(response.Status == 200, Encoding.UTF8.GetString(response.Payload));
        return JsonSerializer.Deserialize(response.Payload, HistoryJsonContext.Default.HistoryPage)!;
    }

    private FleetNode NewNode(HistoryOptions history) => new(
        new EdgeNodeOptions
        {
            TenantId = "t-1",
            SiteId = "site-1",
            ServerId = "srv-01",
            DataDirectory = _dir.Sub("srv-01"),
            History = history,
        },
        _transport,
        _time);
}
