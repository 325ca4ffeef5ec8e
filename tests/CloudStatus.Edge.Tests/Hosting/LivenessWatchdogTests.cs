using CloudStatus.Edge.Hosting;
using CloudStatus.Hosting.Health;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>
/// A hung loop → the live checks (what /healthz answers) unhealthy → after the grace the watchdog stops the host with a
/// non-zero exit code, for edgeAgent to restart the module. The real health checks and host lifetime; time is faked.
/// </summary>
public sealed class LivenessWatchdogTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly IHost _host;

    public LivenessWatchdogTests()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddCloudStatusHealthChecks();
        _host = builder.Build();
    }

    public void Dispose()
    {
        Environment.ExitCode = 0;
        _host.Dispose();
    }

    private LoopHeartbeats Heartbeats => _host.Services.GetRequiredService<LoopHeartbeats>();

    private IHostApplicationLifetime Lifetime => _host.Services.GetRequiredService<IHostApplicationLifetime>();

    private LivenessWatchdog Watchdog() => new(
        _host.Services.GetRequiredService<HealthCheckService>(), Lifetime, _time, NullLogger<LivenessWatchdog>.Instance, Heartbeats);

    [Fact]
    public async Task CheckAsync_LoopHungInATick_StopsTheHostWithinTheBound()
    {
        var watchdog = Watchdog();
        using var loop = Heartbeats.Register("supervision", TimeSpan.FromMilliseconds(50));
        loop.TickStarted();

        var checks = 0;
        var stopped = false;
        while (!stopped && checks < 100)
        {
            _time.Advance(LivenessWatchdog.Interval);
            stopped = await watchdog.CheckAsync(CancellationToken.None);
            checks++;
        }

        var bound = LoopHeartbeats.MinimumStall + LivenessWatchdog.Grace + (2 * LivenessWatchdog.Interval);
        Assert.True(stopped);
        Assert.True(checks * LivenessWatchdog.Interval <= bound, $"stopped after {checks * LivenessWatchdog.Interval}, bound {bound}");
        Assert.True(Lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.Equal(LivenessWatchdog.ExitCode, Environment.ExitCode);
    }

    [Fact]
    public async Task CheckAsync_LoopThatTicks_NeverStopsTheHost()
    {
        var watchdog = Watchdog();
        using var loop = Heartbeats.Register("supervision", TimeSpan.FromMilliseconds(50));

        for (var i = 0; i < 20; i++)
        {
            loop.TickStarted();
            _time.Advance(LivenessWatchdog.Interval);
            loop.TickEnded();
            Assert.False(await watchdog.CheckAsync(CancellationToken.None));
        }

        Assert.False(Lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
