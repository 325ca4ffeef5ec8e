using System.Net;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>
/// A producer's IP moved (central's <c>address</c> method, docs/adr/0150): the HTTP adapter that reached it at the old
/// IP polls the new one. Two scripted switches on real Kestrel listeners, at 127.0.0.1 and 127.0.0.2 on one port.
/// </summary>
public sealed class HttpManagementAdapterRepointTests : IAsyncLifetime
{
    private readonly RecordingIntake _intake = new();
    private readonly EquipmentHttpClients _clients = new();
    private readonly EndpointGates _gates = new();
    private EquipmentPeer _moved = null!;
    private EquipmentPeer _old = null!;

    public async Task InitializeAsync()
    {
        _moved = await EquipmentPeer.StartAsync(address: IPAddress.Parse("127.0.0.2"));
        _old = await EquipmentPeer.StartAsync(port: _moved.Url.Port);
    }

    public async Task DisposeAsync()
    {
        await _old.DisposeAsync();
        await _moved.DisposeAsync();
        _clients.Dispose();
        _gates.Dispose();
    }

    [Fact]
    public async Task Repoint_FromTheIpItPolls_NextPollsReachTheNewIp()
    {
        _moved.Health = "degraded";
        var adapter = Adapter(Options());
        await adapter.PollAsync(CancellationToken.None);

        Assert.False(adapter.Repoint("127.0.0.9", "127.0.0.2"));
        Assert.True(adapter.Repoint("127.0.0.1", "127.0.0.2"));
        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal([Health.Online, Health.Degraded], _intake.Observations.Select(o => o.Health));
        Assert.Contains(_moved.Received, r => r.StartsWith("GET /status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repoint_TheSectionsStandInIp_ReportedFromTheNextPoll()
    {
        var adapter = Adapter(Options(o => o.Ip = "10.0.1.9"));

        Assert.True(adapter.Repoint("10.0.1.9", "10.0.1.10"));
        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal("10.0.1.10", Assert.Single(_intake.Observations).Ip);
    }

    private EquipmentOptions Options(Action<EquipmentOptions>? configure = null)
    {
        var options = new EquipmentOptions { ProducerId = "srv-01.sw-01", Kind = ProducerKind.Switch, ParentId = "srv-01", Url = _old.Url, Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return options;
    }

    private HttpManagementAdapter Adapter(EquipmentOptions options) =>
        new(options, _clients.For(options), _gates, _intake, TimeProvider.System, NullLogger.Instance);
}
