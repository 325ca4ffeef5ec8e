using System.Text;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Workload;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>
/// TLS on the MQTT port and MQTT over WebSockets (ws and wss) against the in-process broker, with the gateway's
/// certificate issued in-test by a CA that only the trust bundle vouches for.
/// </summary>
public sealed class SecureTransportTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    private static OutboundMessage Message(string id) => new(
        Encoding.UTF8.GetBytes("{}"), id, "application/json", null, new Dictionary<string, string> { ["csSchema"] = "cloudstatus.batch/v1" });

    private PemFileTrustBundleSource TrustFile(params System.Security.Cryptography.X509Certificates.X509Certificate2[] certificates)
    {
        var path = _dir.Sub($"ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, TestCertificates.ToPem(certificates));
        return new PemFileTrustBundleSource(path);
    }

    [Fact]
    public async Task RunAsync_TlsGatewayChainedToTheTrustBundle_ConnectsAndPublishes()
    {
        using var root = TestCertificates.CreateRoot("edge device ca");
        using var certificate = TestCertificates.CreateServer(root);
        await using var hub = await ScriptedEdgeHub.StartNewAsync(HubListener.Tls, certificate);

        await using var running = await RunningTransport.StartAsync(hub, configure: o => o.UseTls = true, trust: TrustFile(root));
        await running.Transport.SendAsync(Message("over-tls"));

        Assert.Single(hub.Events);
        Assert.Equal("srv-01/cloudstatus", Assert.Single(hub.Connects).ClientId);
    }

    [Fact]
    public async Task RunAsync_TlsGatewayOfAnotherCa_NeverConnects()
    {
        using var root = TestCertificates.CreateRoot("edge device ca");
        using var other = TestCertificates.CreateRoot("someone else");
        using var certificate = TestCertificates.CreateServer(other);
        await using var hub = await ScriptedEdgeHub.StartNewAsync(HubListener.Tls, certificate);
        var logger = new RecordingLogger<MqttIotHubTransport>();

        await using var running = await RunningTransport.StartAsync(
            hub, configure: o => o.UseTls = true, waitConnected: false, logger: logger, trust: TrustFile(root));

        await Eventually.TrueAsync(() => logger.Entries.Count(e => e.EventId.Id == 1502) >= 2, "two connect attempts failed");
        Assert.False(running.Transport.IsConnected);
        Assert.Empty(hub.Connects);
    }

    [Fact]
    public async Task RunAsync_MqttOverWebSockets_UsesTheIotHubPathAndMqttSubprotocol()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync(HubListener.WebSockets);

        await using var running = await RunningTransport.StartAsync(hub, configure: o => o.Transport = IotHubTransportKind.MqttWebSockets);
        await running.Transport.SendAsync(Message("over-ws"));

        var upgrade = Assert.Single(hub.WebRequests);
        Assert.Equal(("/$iothub/websocket", "mqtt"), upgrade);
        var publish = Assert.Single(hub.Events);
        Assert.StartsWith("devices/srv-01/modules/cloudstatus/messages/events/%24.mid=over-ws", publish.Topic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecureWebSocketsWithTrustBundle_Connects_RestartReconnects()
    {
        using var root = TestCertificates.CreateRoot("edge device ca");
        using var certificate = TestCertificates.CreateServer(root);
        await using var hub = await ScriptedEdgeHub.StartNewAsync(HubListener.WebSockets, certificate);
        await using var running = await RunningTransport.StartAsync(
            hub,
            configure: o =>
            {
                o.Transport = IotHubTransportKind.MqttWebSockets;
                o.UseTls = true;
            },
            trust: TrustFile(root));
        await running.Transport.SendAsync(Message("before"));

        await hub.StopAsync();
        await Eventually.TrueAsync(() => !running.Transport.IsConnected, "the transport noticed the gateway went down");
        await hub.StartAsync();
        await Eventually.TrueAsync(() => running.Transport.IsConnected, "the transport reconnected over wss");
        await running.Transport.SendAsync(Message("after"));

        Assert.Equal(2, hub.Events.Count());
        Assert.True(hub.WebRequests.Count >= 2);
    }

    [Fact]
    public void Options_WebSockets_DefaultPort443AndIotHubUri()
    {
        var options = new IotHubTransportOptions { HostName = "hub.azure-devices.net", GatewayHostName = "edgehub", Transport = IotHubTransportKind.MqttWebSockets };

        Assert.Equal(443, options.EffectivePort);
        Assert.Equal("wss://edgehub/$iothub/websocket", options.WebSocketUri.AbsoluteUri);
        options.Port = 8443;
        Assert.Equal("wss://edgehub:8443/$iothub/websocket", options.WebSocketUri.AbsoluteUri);
    }
}
