using System.Collections.Concurrent;
using System.Text;
using CloudStatus.Functions.Commands;

namespace CloudStatus.Functions.Tests.Support;

/// <summary>One direct method call as the fake hub saw it.</summary>
internal sealed record DirectMethodCall(string DeviceId, string ModuleId, string MethodName, string PayloadJson, TimeSpan Timeout);

/// <summary>A hand-written hub: records every call and answers with <see cref="Responder"/> (default: 200 ok).</summary>
internal sealed class FakeDirectMethodClient : IDirectMethodClient
{
    public ConcurrentQueue<DirectMethodCall> Calls { get; } = new();

    public Func<DirectMethodCall, DirectMethodOutcome> Responder { get; set; } =
        _ => new DirectMethodOutcome(DirectMethodStatus.Answered, 200, """{"ok":true,"message":"done"}""", null);

    public Task<DirectMethodOutcome> InvokeAsync(
        string deviceId, string moduleId, string methodName, byte[] payloadJson, TimeSpan responseTimeout, CancellationToken cancellationToken = default)
    {
        var call = new DirectMethodCall(deviceId, moduleId, methodName, Encoding.UTF8.GetString(payloadJson), responseTimeout);
        Calls.Enqueue(call);
        return Task.FromResult(Responder(call));
    }
}
