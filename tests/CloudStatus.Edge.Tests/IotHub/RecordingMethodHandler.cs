using System.Collections.Concurrent;
using System.Text;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>Records every call; answers 200 with <c>{"method":…,"payload":…}</c> unless a method is told to wait on a gate.</summary>
internal sealed class RecordingMethodHandler : IDirectMethodHandler
{
    public ConcurrentQueue<(string Method, string Payload)> Calls { get; } = new();

    public ConcurrentDictionary<string, Task> Gates { get; } = new();

    public async Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var text = Encoding.UTF8.GetString(payload.Span);
        Calls.Enqueue((methodName, text));
        if (Gates.TryGetValue(methodName, out var gate))
        {
            await gate.WaitAsync(cancellationToken);
        }

        return new DirectMethodResponse(200, Encoding.UTF8.GetBytes($"{{\"method\":\"{methodName}\",\"payload\":{text}}}"));
    }
}
