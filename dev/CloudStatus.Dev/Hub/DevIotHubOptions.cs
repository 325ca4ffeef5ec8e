namespace CloudStatus.Dev.Hub;

/// <summary>The local stand-in for IoT Hub + edgeHub.</summary>
internal sealed class DevIotHubOptions
{
    /// <summary>The hub's host name as modules put it in their user name and SAS resource.</summary>
    public string HostName { get; set; } = "cloudstatus-dev.azure-devices.net";

    /// <summary>Plain MQTT TCP port on 127.0.0.1; 0 picks a free one (see <see cref="DevIotHub.Port"/>), kept across restarts.</summary>
    public int Port { get; set; }

    /// <summary>MQTT-over-TLS port on 127.0.0.1 (IoT Hub: 8883); 0 picks a free one, kept across restarts.</summary>
    public int TlsPort { get; set; }

    /// <summary>HTTPS port of the <c>/$iothub/websocket</c> endpoint on 127.0.0.1 (IoT Hub: 443); 0 picks a free one, kept across restarts.</summary>
    public int WebSocketPort { get; set; }

    /// <summary>Base64 master key every module key is derived from; null makes a random one per hub.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Largest device-to-cloud body accepted (IoT Hub: 256 KB); a larger one closes the connection unacknowledged.</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;
}
