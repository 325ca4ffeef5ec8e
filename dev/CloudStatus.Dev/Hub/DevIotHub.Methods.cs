using System.Globalization;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Functions.Commands;
using MQTTnet;
using MQTTnet.Protocol;

namespace CloudStatus.Dev.Hub;

/// <summary>Cloud-to-device direct methods: a request goes to exactly one module; its answer comes back by $rid.</summary>
internal sealed partial class DevIotHub
{
    public async Task<DirectMethodOutcome> InvokeAsync(
        string deviceId,
        string moduleId,
        string methodName,
        byte[] payloadJson,
        TimeSpan responseTimeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(payloadJson);
        if (methodName.AsSpan().IndexOfAny("/+#") >= 0)
        {
            return Outcome(methodName, $"{deviceId}/{moduleId}", new(DirectMethodStatus.Failed, null, null, "Invalid method name."));
        }

        var clientId = $"{deviceId}/{moduleId}";
        if (!IsRunning)
        {
            return Outcome(methodName, clientId, new(DirectMethodStatus.Failed, null, null, "The dev hub is not running."));
        }

        if (!_modules.ContainsKey(clientId))
        {
            return Outcome(methodName, clientId, new(DirectMethodStatus.DeviceOffline, null, null, $"Module {clientId} is not connected."));
        }

        var requestId = Interlocked.Increment(ref _requestId).ToString("x", CultureInfo.InvariantCulture);
        var call = new PendingMethodCall(clientId);
        _pendingCalls[requestId] = call;
        try
        {
            Log.MethodInvoking(_logger, methodName, clientId, requestId);
            var request = new MqttApplicationMessageBuilder()
                .WithTopic(IotHubTopics.MethodRequest(methodName, requestId))
                .WithPayload(payloadJson)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();

            if (!await DeliverAsync(clientId, request, cancellationToken).ConfigureAwait(false))
            {
                return Outcome(methodName, clientId, new(DirectMethodStatus.DeviceOffline, null, null, $"Module {clientId} is not subscribed to direct methods."));
            }

            var reply = await call.Reply.WaitAsync(responseTimeout, _time, cancellationToken).ConfigureAwait(false);
            return reply is null
                ? Outcome(methodName, clientId, new(DirectMethodStatus.DeviceOffline, null, null, $"Module {clientId} disconnected before answering."))
                : Outcome(methodName, clientId, new(DirectMethodStatus.Answered, reply.Status, reply.PayloadJson, null));
        }
        catch (TimeoutException)
        {
            return Outcome(methodName, clientId, new(DirectMethodStatus.Timeout, null, null, $"Module {clientId} did not answer within {responseTimeout}."));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Outcome(methodName, clientId, new(DirectMethodStatus.Failed, null, null, exception.Message));
        }
        finally
        {
            _pendingCalls.TryRemove(requestId, out _);
        }
    }

    private DirectMethodOutcome Outcome(string methodName, string clientId, DirectMethodOutcome outcome)
    {
        Log.MethodCompleted(_logger, methodName, clientId, outcome.Status.ToString(), outcome.ResponseStatus);
        _metrics.MethodCalls.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Status.ToString()));
        return outcome;
    }
}
