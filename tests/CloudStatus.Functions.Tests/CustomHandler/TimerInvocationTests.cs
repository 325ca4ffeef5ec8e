using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.CustomHandler;

/// <summary>The timer functions: each host invocation runs the sweep or the view build once.</summary>
public sealed class TimerInvocationTests : IAsyncLifetime
{
    private HandlerHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await HandlerHost.StartAsync();
        await _host.InvokeAsync("IngestStatus", HandlerHost.Fixture("ingest-status.json"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SweepHeartbeats_TimerInvocation_SweepsOnceAndSaysWhatItDid()
    {
        _host.Time.Advance(TimeSpan.FromMinutes(3));

        var (status, body) = await _host.InvokeAsync("SweepHeartbeats", HandlerHost.Fixture("sweep-heartbeats.json"));

        Assert.Equal(200, status);
        Assert.Equal(["heartbeat sweep: 2 servers went offline"], body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
        Assert.False((await _host.Get<IServerStore>().GetAsync(Server))!.Online);
        Assert.All(await _host.Get<IProducerStore>().ListAsync(Server), p => Assert.True(p.Stale));
    }

    [Fact]
    public async Task SweepHeartbeats_ServersStillHeard_NothingGoesOffline()
    {
        var (status, body) = await _host.InvokeAsync("SweepHeartbeats", HandlerHost.Fixture("sweep-heartbeats.json"));

        Assert.Equal(200, status);
        Assert.Equal(["heartbeat sweep: 0 servers went offline"], body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
        Assert.True((await _host.Get<IServerStore>().GetAsync(Server))!.Online);
    }

    [Fact]
    public async Task BuildConnectivityMatrix_PastDueTimerInvocation_BuildsTheViewsAndNotesItWasLate()
    {
        Assert.Null(await _host.Get<IViewStore>().GetTenantViewAsync(Tenant));

        var (status, body) = await _host.InvokeAsync("BuildConnectivityMatrix", HandlerHost.Fixture("build-connectivity-matrix.json"));

        Assert.Equal(200, status);
        Assert.Equal(
            ["the timer is past due", "views built for 1 tenants"],
            body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
        var view = await _host.Get<IViewStore>().GetTenantViewAsync(Tenant);
        Assert.NotNull(view);
        Assert.Equal(_host.Time.GetUtcNow(), view.BuiltAt);
    }

    [Theory]
    [InlineData("SweepHeartbeats")]
    [InlineData("BuildConnectivityMatrix")]
    public async Task Timer_BodyIsNotAnInvocation_Answers400(string function)
    {
        var (status, _) = await _host.InvokeAsync(function, "[1,2,3]");

        Assert.Equal(400, status);
    }
}
