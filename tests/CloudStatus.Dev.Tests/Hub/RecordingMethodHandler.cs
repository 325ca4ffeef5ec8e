using System.Collections.Concurrent;
using System.Text;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>Records calls and answers 200 <c>{"server":…,"method":…,"payload":…}</c>; or never answers when told.</summary>
internal sealed class RecordingMethodHandler(string server, bool neverAnswer = false) : IDirectMethodHandler
{
    public ConcurrentQueue<(string Method, string Payload)> Calls { get; } = new();

    public async Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var text = Encoding.UTF8.GetString(payload.Span);
        Calls.Enqueue((methodName, text));
        if (neverAnswer)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return new DirectMethodResponse(200, Encoding.UTF8.GetBytes($"{{\"server\":\"{server}\",\"method\":\"{methodName}\",\"payload\":{text}}}"));
    }
}
