using System.Text.Json;
using CloudStatus.Core.Commands;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// Runs one direct method request through the <see cref="IDirectMethodHandler"/> with a time limit and turns every
/// outcome into an answer: the handler's own, 504 past the limit, 500 when it throws, 501 without a handler.
/// </summary>
internal sealed class DirectMethodDispatcher(IDirectMethodHandler? handler, TimeSpan timeout, TimeProvider timeProvider, ILogger logger)
{
    /// <returns>The answer, or null when <paramref name="stopping"/> ended the call (the transport is shutting down).</returns>
    public async Task<DirectMethodResponse?> DispatchAsync(string methodName, string requestId, ReadOnlyMemory<byte> payload, CancellationToken stopping)
    {
        Log.MethodReceived(logger, methodName, requestId);
        if (handler is null)
        {
            Log.MethodWithoutHandler(logger, methodName, requestId);
            return Error(501, $"Method '{methodName}' is not implemented.");
        }

        var started = timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        DirectMethodResponse response;
        try
        {
            // WaitAsync also releases us from a handler that ignores its token.
            response = await handler.HandleAsync(methodName, payload, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Log.MethodTimedOut(logger, methodName, timeout, requestId);
            return Error(504, $"Method '{methodName}' did not finish within {timeout}.");
        }
        catch (Exception exception)
        {
            Log.MethodFailed(logger, exception, methodName, requestId);
            return Error(500, $"Method '{methodName}' failed.");
        }

        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        Log.MethodAnswered(logger, methodName, response.Status, elapsed, requestId);
        return response;
    }

    private static DirectMethodResponse Error(int status, string message) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(new MethodResult { Ok = false, Message = message }, MethodJsonContext.Default.MethodResult));
}
