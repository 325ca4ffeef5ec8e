using MQTTnet;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>One MQTT connection of the transport: its client, when its token must be renewed, and when it ended.</summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();
    private readonly TimeSpan _disconnectTimeout;

    public MqttConnection(IMqttClient client, DateTimeOffset renewAt, TimeSpan disconnectTimeout)
    {
        Client = client;
        RenewAt = renewAt;
        _disconnectTimeout = disconnectTimeout;
        client.DisconnectedAsync += e =>
        {
            _disconnected.TrySetResult(e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString());
            _closed.Cancel();
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public DateTimeOffset RenewAt { get; }

    /// <summary>Completes with a reason once the client is disconnected (by either side).</summary>
    public Task<string> Disconnected => _disconnected.Task;

    /// <summary>Cancelled once the connection is over (dropped or disposed): ends work tied to this connection.</summary>
    public CancellationToken Closed => _closed.Token;

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
            await _closed.CancelAsync().ConfigureAwait(false);
            Client.Dispose();

            // _closed is not disposed: it has no timer, and work tied to this connection may still read its token.
        }
    }
}
