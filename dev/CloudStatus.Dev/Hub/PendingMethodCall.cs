namespace CloudStatus.Dev.Hub;

/// <summary>A direct method request waiting for its module's answer (keyed by $rid in the hub).</summary>
internal sealed class PendingMethodCall(string clientId)
{
    private readonly TaskCompletionSource<MethodReply?> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The only client allowed to receive the request and to answer it.</summary>
    public string ClientId { get; } = clientId;

    /// <summary>The module's answer, or null when the module disconnected first.</summary>
    public Task<MethodReply?> Reply => _reply.Task;

    public bool TryAnswer(int status, string payloadJson) => _reply.TrySetResult(new MethodReply(status, payloadJson));

    public void Abandon() => _reply.TrySetResult(null);
}

internal sealed record MethodReply(int Status, string PayloadJson);
