using System.Security.Cryptography;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Edge.Transport.IotHub.Workload;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>
/// The module as IoT Edge starts it: identity from the <c>IOTEDGE_*</c> variables, SAS tokens signed by the workload
/// API (a Kestrel stub on a unix socket), edgeHub's TLS certificate checked against the workload API's trust bundle.
/// </summary>
public sealed class IotEdgeIdentityTests : IAsyncLifetime
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly TempDirectory _dir = new("edge");
    private WorkloadApiStub _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await WorkloadApiStub.StartAsync(_dir.Sub("workload.sock"));
        _daemon.ModuleKey = Key;
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _dir.Dispose();
    }

    private Dictionary<string, string?> EdgeEnvironment(int port) => new()
    {
        [IotEdgeEnvironment.WorkloadUriKey] = _daemon.WorkloadUri.AbsoluteUri,
        [IotEdgeEnvironment.IotHubHostNameKey] = "testhub.azure-devices.net",
        [IotEdgeEnvironment.GatewayHostNameKey] = "127.0.0.1",
        [IotEdgeEnvironment.DeviceIdKey] = "srv-01",
        [IotEdgeEnvironment.ModuleIdKey] = "cloudstatus",
        [IotEdgeEnvironment.GenerationIdKey] = "637000000000000000",
        [IotEdgeEnvironment.AuthSchemeKey] = "sasToken",
        ["IotHub:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["IotHub:ReconnectMinDelay"] = "00:00:00.020",
        ["IotHub:ReconnectMaxDelay"] = "00:00:00.200",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddIotHubModuleTransport(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>Builds the module's transport from the IoT Edge environment and runs it against <paramref name="hub"/> until <paramref name="done"/>.</summary>
    private async Task RunUntilAsync(ScriptedEdgeHub hub, Func<MqttIotHubTransport, bool> done, string because)
    {
        await using var provider = Build(EdgeEnvironment(hub.Port));
        var transport = provider.GetRequiredService<MqttIotHubTransport>();
        using var stop = new CancellationTokenSource();
        var loop = transport.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => done(transport), because);
        await stop.CancelAsync();
        await Eventually.Within(loop);
    }

    [Fact]
    public async Task RunAsync_UnderIotEdge_WorkloadSignsAndTrustBundleVouchesForEdgeHub()
    {
        using var root = TestCertificates.CreateRoot("iotedge device ca");
        using var certificate = TestCertificates.CreateServer(root);
        _daemon.TrustBundlePem = TestCertificates.ToPem(root);
        await using var hub = await ScriptedEdgeHub.StartNewAsync(HubListener.Tls, certificate);

        await RunUntilAsync(hub, t => t.IsConnected, "the module connected to edgeHub");

        var connect = Assert.Single(hub.Connects);
        Assert.Equal("srv-01/cloudstatus", connect.ClientId);
        Assert.Equal("testhub.azure-devices.net/srv-01/cloudstatus/?api-version=2021-04-12", connect.UserName);
        Assert.True(SharedAccessSignature.TryParse(connect.Password, out var token));
        Assert.True(token.IsSignedWith(Key));
        Assert.Equal("testhub.azure-devices.net/devices/srv-01/modules/cloudstatus", token.Resource);
        Assert.Contains(_daemon.Requests, r => r.Path == "/modules/cloudstatus/genid/637000000000000000/sign");
        Assert.Contains(_daemon.Requests, r => r.Path == "/trust-bundle");
    }

    [Fact]
    public async Task RunAsync_UnderIotEdge_EdgeHubCertificateOfAnotherCa_NeverConnects()
    {
        using var root = TestCertificates.CreateRoot("iotedge device ca");
        using var other = TestCertificates.CreateRoot("someone else");
        using var certificate = TestCertificates.CreateServer(other);
        _daemon.TrustBundlePem = TestCertificates.ToPem(root);
        await using var hub = await ScriptedEdgeHub.StartNewAsync(HubListener.Tls, certificate);

        await RunUntilAsync(hub, _ => _daemon.Requests.Count(r => r.Path == "/trust-bundle") >= 2, "the module tried twice");

        Assert.Empty(hub.Connects);
    }

    [Fact]
    public void AddIotHubModuleTransport_IotEdgeEnvironment_FillsIdentityAndGateway()
    {
        using var provider = Build(EdgeEnvironment(8883));

        var options = provider.GetRequiredService<IOptions<IotHubTransportOptions>>().Value;

        Assert.Equal(("testhub.azure-devices.net", "127.0.0.1", "srv-01", "cloudstatus"), (options.HostName, options.EndpointHost, options.DeviceId, options.ModuleId));
        var credentials = provider.GetRequiredService<ModuleCredentials>();
        Assert.IsType<WorkloadSasTokenProvider>(credentials.Tokens);
        Assert.IsType<WorkloadApiClient>(credentials.Trust);
    }

    [Fact]
    public void AddIotHubModuleTransport_EdgeHubConnectionStringSet_WinsOverTheWorkloadApi()
    {
        var settings = EdgeEnvironment(8883);
        settings["EdgeHubConnectionString"] = "HostName=hub2.azure-devices.net;DeviceId=srv-09;ModuleId=cloudstatus;SharedAccessKey=AAECAwQ=;GatewayHostName=edgehub";
        settings["EdgeModuleCACertificateFile"] = "/certs/edge-ca.pem";
        using var provider = Build(settings);

        var options = provider.GetRequiredService<IOptions<IotHubTransportOptions>>().Value;

        Assert.Equal(("hub2.azure-devices.net", "edgehub", "srv-09"), (options.HostName, options.EndpointHost, options.DeviceId));
        var credentials = provider.GetRequiredService<ModuleCredentials>();
        Assert.IsType<SharedAccessKeySasTokenProvider>(credentials.Tokens);
        Assert.Equal("/certs/edge-ca.pem", Assert.IsType<PemFileTrustBundleSource>(credentials.Trust).Path);
    }

    [Fact]
    public void TryRead_IncompleteOrUnsupported_NamesEveryProblem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IotEdgeEnvironment.WorkloadUriKey] = "tcp://nowhere",
            [IotEdgeEnvironment.DeviceIdKey] = "srv-01",
            [IotEdgeEnvironment.AuthSchemeKey] = "x509",
        }).Build();

        var exception = Assert.Throws<InvalidOperationException>(() => IotEdgeEnvironment.TryRead(configuration));

        Assert.Contains("IOTEDGE_IOTHUBHOSTNAME, IOTEDGE_MODULEID, IOTEDGE_MODULEGENERATIONID not set", exception.Message, StringComparison.Ordinal);
        Assert.Contains("IOTEDGE_WORKLOADURI 'tcp://nowhere'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("IOTEDGE_AUTHSCHEME 'x509' is not supported", exception.Message, StringComparison.Ordinal);
        Assert.Null(IotEdgeEnvironment.TryRead(new ConfigurationBuilder().Build()));
    }
}
