using System.Net;
using System.Text.Json;
using CloudStatus.Hosting.Health;
using CloudStatus.Hosting.Loops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Hosting.Tests.Health;

/// <summary>/healthz and /readyz on real Kestrel (loopback), with a loop on a fake clock.</summary>
public sealed class HealthEndpointsTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _ready = true;
    private WebApplication? _app;
    private HttpClient? _client;

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Healthz_LoopHungInATick_Is503NamingTheLoopAndRecovers()
    {
        var client = await StartAsync();
        await AdvanceUntilAsync(_entered.Task);

        var (beforeStatus, _) = await GetAsync(client, "/healthz");
        _time.Advance(LoopHeartbeats.MinimumStall + Interval * LoopHeartbeats.MissedPeriods);
        var (hungStatus, hung) = await GetAsync(client, "/healthz");
        var (hungReadyStatus, _) = await GetAsync(client, "/readyz");
        _release.SetResult();
        await EventuallyAsync(async () => (await GetAsync(client, "/healthz")).Status == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, beforeStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, hungStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, hungReadyStatus);
        Assert.Equal("unhealthy", hung.GetProperty("status").GetString());
        var loops = hung.GetProperty("checks").GetProperty("loops");
        Assert.Equal("unhealthy", loops.GetProperty("status").GetString());
        Assert.Contains("hanging", loops.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_ReadyCheckFails_Is503WhileHealthzStays200()
    {
        var client = await StartAsync();

        var (readyBefore, _) = await GetAsync(client, "/readyz");
        _ready = false;
        var (readyAfter, ready) = await GetAsync(client, "/readyz");
        var (live, liveBody) = await GetAsync(client, "/healthz");

        Assert.Equal(HttpStatusCode.OK, readyBefore);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyAfter);
        Assert.Equal("unhealthy", ready.GetProperty("checks").GetProperty("dependency").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.False(liveBody.GetProperty("checks").TryGetProperty("dependency", out _), "a ready-only check ran on /healthz");
    }

    private async Task<HttpClient> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddCloudStatusHealthChecks()
            .AddCheck("dependency", () => _ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("down"), HealthTags.ReadyOnly);
        builder.Services.AddHostedService(sp => new PeriodicLoopService(
            "hanging",
            Interval,
            async ct =>
            {
                _entered.TrySetResult();
                await _release.Task.WaitAsync(ct);
            },
            _time,
            NullLogger.Instance,
            sp.GetRequiredService<LoopHeartbeats>()));
        _app = builder.Build();
        _app.MapCloudStatusHealth();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        return _client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }

    /// <summary>Moves the fake clock one interval at a time until <paramref name="task"/> completes (the loop starts on the thread pool).</summary>
    private async Task AdvanceUntilAsync(Task task)
    {
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            _time.Advance(Interval);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(25)));
        }

        await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }

        Assert.Fail("the condition did not hold within 5 s");
    }
}
