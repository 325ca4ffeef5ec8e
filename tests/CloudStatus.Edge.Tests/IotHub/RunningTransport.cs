using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Edge.Transport.IotHub.Workload;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>A transport pointed at a <see cref="ScriptedEdgeHub"/>, its connection loop running until disposed.</summary>
internal sealed class RunningTransport : IAsyncDisposable
{
    public const string DeviceId = "srv-01";
    public const string ModuleId = "cloudstatus";
    public const string HubName = "testhub.azure-devices.net";
    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly CancellationTokenSource _stop = new();

    private RunningTransport(MqttIotHubTransport transport)
    {
        Transport = transport;
    }

    public MqttIotHubTransport Transport { get; }

    public Task Loop { get; private set; } = Task.CompletedTask;

    public static MqttIotHubTransport Create(
        ScriptedEdgeHub hub,
        TimeProvider? time = null,
        IDirectMethodHandler? handler = null,
        Action<IotHubTransportOptions>? configure = null,
        ILogger<MqttIotHubTransport>? logger = null,
        ITrustBundleSource? trust = null,
        IModuleTwinHandler? twin = null)
    {
        var options = new IotHubTransportOptions
        {
            HostName = HubName,
            GatewayHostName = "127.0.0.1",
            Port = hub.Port,
            UseTls = false,
            DeviceId = DeviceId,
            ModuleId = ModuleId,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            OperationTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var transport = new MqttIotHubTransport(
            options,
            new SharedAccessKeySasTokenProvider(Key),
            time ?? TimeProvider.System,
            logger ?? NullLogger<MqttIotHubTransport>.Instance,
            trust);
        if (handler is not null)
        {
            transport.AttachDirectMethodHandler(handler);
        }

        if (twin is not null)
        {
            transport.AttachTwinHandler(twin);
        }

        return transport;
    }

    public static async Task<RunningTransport> StartAsync(
        ScriptedEdgeHub hub,
        TimeProvider? time = null,
        IDirectMethodHandler? handler = null,
        Action<IotHubTransportOptions>? configure = null,
        bool waitConnected = true,
        ILogger<MqttIotHubTransport>? logger = null,
        ITrustBundleSource? trust = null,
        IModuleTwinHandler? twin = null)
    {
        var running = new RunningTransport(Create(hub, time, handler, configure, logger, trust, twin));
        running.Loop = running.Transport.RunAsync(running._stop.Token);
        if (waitConnected)
        {
            await Eventually.TrueAsync(() => running.Transport.IsConnected, "the transport connected");
        }

        return running;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Eventually.Within(Loop);
        await Transport.DisposeAsync();
        _stop.Dispose();
    }
}
