using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Producers;

/// <summary>The poller against a Kestrel stub on loopback playing the producers' health URLs.</summary>
public sealed class HttpHealthPollerTests : IAsyncLifetime
{
    private readonly RecordingIntake _intake = new();
    private readonly HttpClient _client = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer? _server;

    public async Task InitializeAsync() =>
        _server = await LoopbackServer.StartAsync(
            _ => { },
            app =>
            {
                app.MapGet("/degraded", () => Results.Text("""{"health":"degraded","state":{"temp":71}}""", "application/json"));
                app.MapGet("/empty", () => Results.Ok());
                app.MapGet("/garbage", () => Results.Text("not json", "text/plain"));
                app.MapGet("/broken", () => Results.StatusCode(503));
                app.MapGet("/slow", async () =>
                {
                    _slowReached.TrySetResult();
                    await _release.Task;
                    return Results.Ok();
                });
            });

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        _client.Dispose();
        await _server!.DisposeAsync();
    }

    [Theory]
    [InlineData("/degraded", Health.Degraded, """{"temp":71}""")]
    [InlineData("/empty", Health.Online, null)]
    [InlineData("/garbage", Health.Online, null)]
    [InlineData("/broken", Health.Offline, null)]
    public async Task PollOnceAsync_Answer_PostsTheHealthItMeans(string path, Health expected, string? state)
    {
        var poller = NewPoller(TimeProvider.System);

        var observation = await poller.PollOnceAsync(Target(path));

        Assert.Equal(new Observation("srv-01.vm", ProducerKind.LocalService, "srv-01", expected, state), observation);
        Assert.Equal(observation, Assert.Single(_intake.Observations));
    }

    [Fact]
    public async Task PollOnceAsync_NobodyListening_Offline()
    {
        var poller = NewPoller(TimeProvider.System);
        var target = Target("/x");
        target.Url = new Uri("http://127.0.0.1:1/health");

        var observation = await poller.PollOnceAsync(target);

        Assert.Equal(Health.Offline, observation.Health);
    }

    [Fact]
    public async Task PollOnceAsync_NoAnswerWithinTimeout_Offline()
    {
        var time = new FakeTimeProvider();
        var poller = NewPoller(time);
        var target = Target("/slow");
        target.Timeout = TimeSpan.FromSeconds(5);

        var poll = poller.PollOnceAsync(target);
        await _slowReached.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(poll.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        var observation = await poll.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(Health.Offline, observation.Health);
    }

    private HttpHealthPoller NewPoller(TimeProvider time) => new(_client, _intake, time, NullLogger<HttpHealthPoller>.Instance);

    private HealthPollTarget Target(string path) => new()
    {
        ProducerId = "srv-01.vm",
        Kind = ProducerKind.LocalService,
        ParentId = "srv-01",
        Url = new Uri(_server!.Address, path),
    };
}
