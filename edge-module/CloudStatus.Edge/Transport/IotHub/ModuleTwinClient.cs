using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// The module twin over IoT Hub's MQTT topics, for one transport: request/response correlation by <c>$rid</c> (GET of
/// the full twin, reported patches), desired patches, and an ordered queue that hands desired properties to the
/// <see cref="IModuleTwinHandler"/> away from the MQTT receive path (a handler may report back without deadlocking it).
/// </summary>
internal sealed class ModuleTwinClient(IModuleTwinHandler handler, IotHubTransportOptions options, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TwinResponse>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<DesiredPropertiesUpdate> _updates = Channel.CreateUnbounded<DesiredPropertiesUpdate>(new() { SingleReader = true });
    private long _lastRequestId;

    /// <summary>Adds the twin subscriptions: responses, and desired patches at QoS 1.</summary>
    public static MqttClientSubscribeOptionsBuilder Subscribe(MqttClientSubscribeOptionsBuilder builder) => builder
        .WithTopicFilter(IotHubTopics.TwinResponseFilter, MqttQualityOfServiceLevel.AtMostOnce)
        .WithTopicFilter(IotHubTopics.TwinDesiredPatchFilter, MqttQualityOfServiceLevel.AtLeastOnce);

    /// <summary>Takes a twin message off the MQTT receive path (never blocks); false when the topic is not a twin topic.</summary>
    public bool TryHandle(string topic, ReadOnlySequence<byte> payload)
    {
        if (IotHubTopics.TryParseTwinResponse(topic, out var status, out var requestId, out var version))
        {
            if (_pending.TryRemove(requestId, out var waiter))
            {
                waiter.TrySetResult(new TwinResponse(status, payload.ToArray(), version));
            }

            return true;
        }

        if (!IotHubTopics.TryParseTwinDesiredPatch(topic, out var patchVersion))
        {
            return false;
        }

        if (TryParseObject(payload.ToArray()) is { } patch)
        {
            patch.Remove("$version");
            Log.TwinDesiredPatchReceived(logger, patchVersion);
            _updates.Writer.TryWrite(new DesiredPropertiesUpdate(patch, patchVersion, IsComplete: false));
        }
        else
        {
            Log.TwinMalformed(logger, "desired patch", patchVersion);
        }

        return true;
    }

    /// <summary>
    /// GETs the full twin on a fresh connection and queues its desired properties; retries with backoff until it gets
    /// them or <paramref name="connectionClosed"/> fires. Never throws.
    /// </summary>
    public async Task RefreshAsync(IMqttClient client, CancellationToken connectionClosed)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await RequestAsync(client, IotHubTopics.TwinGet, [], connectionClosed).ConfigureAwait(false);
                if (response.Status != 200)
                {
                    throw new TransportUnavailableException($"The hub answered the twin GET with status {response.Status}.");
                }

                var twin = TryParseObject(response.Payload) ?? throw new TransportUnavailableException("The twin is not a JSON object.");
                var desired = twin["desired"] as JsonObject ?? [];
                var version = desired["$version"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
                desired = (JsonObject)desired.DeepClone();
                desired.Remove("$version");
                Log.TwinReceived(logger, version);
                _updates.Writer.TryWrite(new DesiredPropertiesUpdate(desired, version, IsComplete: true));
                return;
            }
            catch (Exception) when (connectionClosed.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.TwinGetFailed(logger, exception, attempt + 1);
            }

            try
            {
                var delay = ReconnectBackoff.Delay(attempt, options.ReconnectMinDelay, options.ReconnectMaxDelay, Random.Shared.NextDouble());
                await Task.Delay(delay, time, connectionClosed).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Publishes a reported-properties patch and waits for the hub's 2xx; returns the new reported version.</summary>
    public async Task<long> UpdateReportedAsync(IMqttClient client, JsonObject patch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var response = await RequestAsync(client, IotHubTopics.TwinReportedPatch, JsonSerializer.SerializeToUtf8Bytes(patch, TwinJsonContext.Default.JsonObject), cancellationToken)
            .ConfigureAwait(false);
        if (response.Status is < 200 or > 299)
        {
            throw new TransportUnavailableException($"The hub refused the reported properties with status {response.Status}.");
        }

        return response.Version ?? 0;
    }

    /// <summary>Hands queued desired properties to the handler, one at a time and in order, until <paramref name="stopping"/>.</summary>
    public async Task DispatchAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var update in _updates.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await handler.OnDesiredPropertiesAsync(update, stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    Log.TwinHandlerFailed(logger, exception, update.Version);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<TwinResponse> RequestAsync(IMqttClient client, Func<string, string> topic, byte[] payload, CancellationToken cancellationToken)
    {
        var requestId = Interlocked.Increment(ref _lastRequestId).ToString(CultureInfo.InvariantCulture);
        var waiter = new TaskCompletionSource<TwinResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = waiter;
        using var deadline = new CancellationTokenSource(options.OperationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic(requestId))
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await client.PublishAsync(message, linked.Token).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TransportUnavailableException($"The hub did not answer twin request {requestId} within {options.OperationTimeout}.");
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private static JsonObject? TryParseObject(byte[] json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record TwinResponse(int Status, byte[] Payload, long? Version);
}
