using System.Text;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>The hub's TLS and WebSocket endpoints, reached by the real module transport trusting the hub's CA.</summary>
public sealed class DevIotHubEndpointTests : IDisposable
{
    private readonly string _caFile = Path.Combine(Path.GetTempPath(), $"devhub-ca-{Guid.NewGuid():N}.pem");

    [Fact]
    public async Task StartAsync_TlsAndWebSockets_ExposedWithTheCaPem()
    {
        await using var harness = await HubHarness.StartAsync();

        Assert.NotEqual(0, harness.Hub.TlsPort);
        Assert.Equal(new Uri($"wss://127.0.0.1:{harness.Hub.WebSocketPort}/$iothub/websocket"), harness.Hub.WebSocketUri);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", harness.Hub.CaPem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_OverTlsOrWebSockets_ReachesSink(bool webSockets)
    {
        var kind = webSockets ? IotHubTransportKind.MqttWebSockets : IotHubTransportKind.Mqtt;
        await using var harness = await HubHarness.StartAsync();
        await File.WriteAllTextAsync(_caFile, harness.Hub.CaPem);
        var transport = await harness.RunModuleAsync("srv-01", configure: o =>
        {
            o.Transport = kind;
            o.UseTls = true;
            o.Port = kind == IotHubTransportKind.Mqtt ? harness.Hub.TlsPort : harness.Hub.WebSocketPort;
            o.CaCertificateFile = _caFile;
        });

        await transport.SendAsync(new OutboundMessage(Encoding.UTF8.GetBytes("{\"n\":1}"), "tls-1", "application/json", null, new Dictionary<string, string>()));

        Assert.Equal("tls-1", Assert.Single(harness.Sink.Messages).MessageId);
    }

    [Fact]
    public async Task StopAndStart_EndpointsKeepTheirPortsAndCertificate()
    {
        await using var harness = await HubHarness.StartAsync();
        var before = (harness.Hub.Port, harness.Hub.TlsPort, harness.Hub.WebSocketPort, harness.Hub.CaPem);

        await harness.Hub.StopAsync();
        await harness.Hub.StartAsync();

        Assert.Equal(before, (harness.Hub.Port, harness.Hub.TlsPort, harness.Hub.WebSocketPort, harness.Hub.CaPem));
    }

    public void Dispose() => File.Delete(_caFile);
}
