namespace CloudStatus.Edge.Transport;

/// <summary>Answers direct methods (E9) that arrive on the module's method topic.</summary>
public interface IDirectMethodHandler
{
    Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}

/// <summary>Status is HTTP-like (200 ok, 400 bad request, 404 unknown method or producer, 500 failure); payload is JSON.</summary>
public sealed record DirectMethodResponse(int Status, byte[] Payload);
