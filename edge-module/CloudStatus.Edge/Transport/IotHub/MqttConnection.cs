using MQTTnet;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>One MQTT connection of the transport: its client, when its token must be renewed, and when it ended.</summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _disconnectTimeout;

    public MqttConnection(IMqttClient client, DateTimeOffset renewAt, TimeSpan disconnectTimeout)
    {
        Client = client;
        RenewAt = renewAt;
        _disconnectTimeout = disconnectTimeout;
        client.DisconnectedAsync += e =>
        {
            _disconnected.TrySetResult(e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString());
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public DateTimeOffset RenewAt { get; }

    /// <summary>Completes with a reason once the client is disconnected (by either side).</summary>
    public Task<string> Disconnected => _disconnected.Task;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
            {
                using var deadline = new CancellationTokenSource(_disconnectTimeout);
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Best effort: the socket is closed by Dispose anyway.
        }
        finally
        {
            _disconnected.TrySetResult("closed");
            Client.Dispose();
        }
    }
}
