namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>How the MQTT connection is carried (configuration key <c>IotHub:Transport</c>).</summary>
public enum IotHubTransportKind
{
    /// <summary>MQTT over TCP (TLS on 8883).</summary>
    Mqtt,

    /// <summary>MQTT over WebSockets at <c>wss://{host}/$iothub/websocket</c>, subprotocol <c>mqtt</c> (443): passes proxies and firewalls that only open HTTPS.</summary>
    MqttWebSockets,
}
