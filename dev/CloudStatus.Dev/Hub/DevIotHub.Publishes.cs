using System.Buffers;
using System.Text;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Functions.Ingest;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// What modules publish: device-to-cloud messages (module outputs included: <c>$.on</c> is just a property) into ingest,
/// method answers to their pending calls, twin requests. Any other topic closes the connection — IoT Hub serves only
/// its fixed topics, and MQTT 3.1.1 has no other way to refuse a publish.
/// </summary>
internal sealed partial class DevIotHub
{
    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == HubClientId)
        {
            return; // A method request from InvokeAsync: the enqueue interceptor picks its receiver.
        }

        // Nothing a module publishes is routed to other MQTT clients.
        e.ProcessPublish = false;
        var topic = e.ApplicationMessage.Topic;
        if (IotHubTopics.TryParseDeviceToCloud(topic, out var deviceToCloud))
        {
            await AcceptDeviceToCloudAsync(e, deviceToCloud).ConfigureAwait(false);
        }
        else if (IotHubTopics.TryParseMethodResponse(topic, out var status, out var requestId))
        {
            if (!_pendingCalls.TryGetValue(requestId, out var call) || call.ClientId != e.ClientId
                || !call.TryAnswer(status, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)))
            {
                Log.UnexpectedMethodResponse(_logger, e.ClientId, requestId);
            }
        }
        else if (IsTwinRequest(topic))
        {
            await AnswerTwinRequestAsync(e).ConfigureAwait(false);
        }
        else
        {
            Log.PublishRefused(_logger, e.ClientId, topic);
            _metrics.MessagesDropped.Add(1, new KeyValuePair<string, object?>("reason", "topic"));
            e.CloseConnection = true;
        }
    }

    private async Task AcceptDeviceToCloudAsync(InterceptingPublishEventArgs e, DeviceToCloudTopic topic)
    {
        if (!DevHubAuthenticator.TrySplitClientId(e.ClientId, out var deviceId, out var moduleId)
            || topic.DeviceId != deviceId || topic.ModuleId != moduleId)
        {
            Log.IdentityMismatch(_logger, e.ClientId, e.ApplicationMessage.Topic);
            _metrics.MessagesDropped.Add(1, new KeyValuePair<string, object?>("reason", "identity"));
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            return;
        }

        var length = e.ApplicationMessage.Payload.Length;
        if (length > _options.MaxMessageBytes)
        {
            Log.MessageTooLarge(_logger, e.ClientId, length, _options.MaxMessageBytes);
            _metrics.MessagesDropped.Add(1, new KeyValuePair<string, object?>("reason", "size"));
            e.CloseConnection = true;
            return;
        }

        var message = new InboundMessage
        {
            DeviceId = deviceId,
            ModuleId = moduleId,
            Body = e.ApplicationMessage.Payload.ToArray(),
            ContentType = topic.ContentType,
            ContentEncoding = topic.ContentEncoding,
            MessageId = topic.MessageId,
            Properties = topic.ApplicationProperties,
            EnqueuedTime = _time.GetUtcNow(),
            SequenceNumber = Interlocked.Increment(ref _sequenceNumber),
        };

        try
        {
            // The PUBACK goes out when this handler returns: after ingest accepted the message, as edgeHub acks after storing.
            await _sink.AcceptAsync(message, e.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.SinkFailed(_logger, exception, message.MessageId, e.ClientId);
            _metrics.MessagesDropped.Add(1, new KeyValuePair<string, object?>("reason", "ingest"));
            e.CloseConnection = true;
            return;
        }

        _metrics.MessagesAccepted.Add(1);
        _metrics.BytesAccepted.Add(message.Body.Length);
        Log.MessageAccepted(_logger, message.MessageId, e.ClientId, message.Body.Length, message.SequenceNumber.Value);
    }
}
