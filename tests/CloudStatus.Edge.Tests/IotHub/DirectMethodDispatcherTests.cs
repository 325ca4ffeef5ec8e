using CloudStatus.Edge.Tests.Support;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class DirectMethodDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DispatchAsync_HandlerAnswers_ReturnsItsAnswer()
    {
        var handler = new DelegateHandler((name, payload, _) =>
            Task.FromResult(new DirectMethodResponse(200, Encoding.UTF8.GetBytes($"{{\"echo\":\"{name}:{Encoding.UTF8.GetString(payload.Span)}\"}}"))));
        var dispatcher = new DirectMethodDispatcher(handler, Timeout, new FakeTimeProvider(), NullLogger.Instance);

        var response = await dispatcher.DispatchAsync("reboot", "1", "x"u8.ToArray(), CancellationToken.None);

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("{\"echo\":\"reboot:x\"}", Encoding.UTF8.GetString(response.Payload));
    }

    [Fact]
    public async Task DispatchAsync_HandlerThrows_Answers500()
    {
        var handler = new DelegateHandler((_, _, _) => throw new InvalidOperationException("boom"));
        var dispatcher = new DirectMethodDispatcher(handler, Timeout, new FakeTimeProvider(), NullLogger.Instance);

        var response = await dispatcher.DispatchAsync("add", "2", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(500, response!.Status);
        Assert.False(Result(response).Ok);
    }

    [Fact]
    public async Task DispatchAsync_HandlerIgnoresTokenPastTimeout_Answers504()
    {
        var time = new FakeTimeProvider();
        var never = new TaskCompletionSource<DirectMethodResponse>();
        var dispatcher = new DirectMethodDispatcher(new DelegateHandler((_, _, _) => never.Task), Timeout, time, NullLogger.Instance);

        var dispatch = dispatcher.DispatchAsync("history", "3", ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        Assert.False(dispatch.IsCompleted);
        time.Advance(Timeout);
        var response = await Eventually.Within(dispatch);

        Assert.Equal(504, response!.Status);
    }

    [Fact]
    public async Task DispatchAsync_NoHandler_Answers501()
    {
        var dispatcher = new DirectMethodDispatcher(null, Timeout, new FakeTimeProvider(), NullLogger.Instance);

        var response = await dispatcher.DispatchAsync("reboot", "4", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(501, response!.Status);
    }

    [Fact]
    public async Task DispatchAsync_Stopping_ReturnsNoAnswer()
    {
        using var stopping = new CancellationTokenSource();
        var dispatcher = new DirectMethodDispatcher(
            new DelegateHandler((_, _, ct) => Task.Delay(Timeout, ct).ContinueWith(_ => new DirectMethodResponse(200, []), TaskScheduler.Default)),
            Timeout,
            new FakeTimeProvider(),
            NullLogger.Instance);

        var dispatch = dispatcher.DispatchAsync("reboot", "5", ReadOnlyMemory<byte>.Empty, stopping.Token);
        await stopping.CancelAsync();

        Assert.Null(await Eventually.Within(dispatch));
    }

    private static MethodResult Result(DirectMethodResponse response) =>
        JsonSerializer.Deserialize(response.Payload, MethodJsonContext.Default.MethodResult)!;

    private sealed class DelegateHandler(Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<DirectMethodResponse>> handle) : IDirectMethodHandler
    {
        public Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
            handle(methodName, payload, cancellationToken);
    }
}
