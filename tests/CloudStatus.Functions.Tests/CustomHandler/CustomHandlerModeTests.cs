using CloudStatus.Functions.Commands;
using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Functions.Views;
using Microsoft.Extensions.Hosting;

namespace CloudStatus.Functions.Tests.CustomHandler;

/// <summary>Under the Functions host the triggers drive the work; standalone, the hosted stand-ins do.</summary>
public sealed class CustomHandlerModeTests
{
    [Fact]
    public async Task AddCloudStatusCentral_UnderTheFunctionsHost_RegistersNoTriggerStandIns()
    {
        await using var central = new CentralHarness(new Dictionary<string, string?> { [CustomHandlerMode.PortVariable] = "7071" });

        var hosted = central.Get<IEnumerable<IHostedService>>().Select(s => s.GetType()).ToList();

        Assert.DoesNotContain(typeof(IngestWorker), hosted);
        Assert.DoesNotContain(typeof(HeartbeatSweepService), hosted);
        Assert.DoesNotContain(typeof(ViewRefreshService), hosted);
        Assert.Contains(typeof(DispatchDrainService), hosted); // the default outbox has no trigger: drained in-process
        Assert.Contains(typeof(CommandRescanService), hosted);
    }

    [Fact]
    public async Task AddCloudStatusCentral_UnderTheFunctionsHostWithAStorageQueue_LeavesDispatchToTheTriggers()
    {
        await using var central = new CentralHarness(new Dictionary<string, string?>
        {
            [CustomHandlerMode.PortVariable] = "7071",
            [DispatchOptions.KindKey] = "StorageQueue",
            ["CloudStatus:Central:Dispatch:QueueServiceUri"] = "https://acct.queue.core.windows.net",
        });

        var hosted = central.Get<IEnumerable<IHostedService>>().Select(s => s.GetType()).ToList();

        Assert.DoesNotContain(typeof(DispatchDrainService), hosted);
        Assert.DoesNotContain(typeof(CommandRescanService), hosted);
        Assert.DoesNotContain(typeof(DispatchQueueStartupService), hosted);
    }

    [Fact]
    public async Task AddCloudStatusCentral_Standalone_RegistersTheTriggerStandIns()
    {
        await using var central = new CentralHarness();

        var hosted = central.Get<IEnumerable<IHostedService>>().Select(s => s.GetType()).ToList();

        Assert.Contains(typeof(IngestWorker), hosted);
        Assert.Contains(typeof(HeartbeatSweepService), hosted);
        Assert.Contains(typeof(ViewRefreshService), hosted);
        Assert.Contains(typeof(DispatchQueueStartupService), hosted);
        Assert.Contains(typeof(DispatchDrainService), hosted);
        Assert.Contains(typeof(CommandRescanService), hosted);
    }

    [Fact]
    public async Task InvocationEndpoints_Standalone_AreNotMapped()
    {
        await using var api = await ApiHost.StartAsync();

        using var response = await api.Client.PostAsync(new Uri("/IngestStatus", UriKind.Relative), new StringContent(HandlerHost.Fixture("ingest-status.json")));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("7071", 7071)]
    [InlineData("65535", 65535)]
    public void ParsePort_TcpPort_IsRead(string value, int port) => Assert.Equal(port, CustomHandlerMode.ParsePort(value));

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("http://x")]
    public void ParsePort_NotATcpPort_FailsNamingTheVariable(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CustomHandlerMode.ParsePort(value));
        Assert.Contains(CustomHandlerMode.PortVariable, error.Message, StringComparison.Ordinal);
    }
}
