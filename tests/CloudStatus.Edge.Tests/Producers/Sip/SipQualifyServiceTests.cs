using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.Producers.Sip;

/// <summary>
/// Qualify rounds against a real SIP UAS on loopback (real time, rounds of about a second; the timeouts leave room
/// for a busy machine, where a 100 ms answer is not a given).
/// </summary>
public sealed class SipQualifyServiceTests : IAsyncLifetime
{
    private readonly LoopbackSipUas _uas = new();
    private readonly RecordingIntake _intake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SipQualifier _qualifier = new(TimeProvider.System, NullLogger<SipQualifier>.Instance);
    private Task _receiving = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _qualifier.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        _receiving = _qualifier.ReceiveAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _qualifier.Dispose();
        _stop.Dispose();
        await _uas.DisposeAsync();
    }

    [Fact]
    public async Task RunRoundAsync_Population_EveryTargetOnceSendsSpreadAndEachResultPosted()
    {
        _uas.Answer = user => user == "dev-3" ? null : 200;
        var service = Service(targets: 5, interval: TimeSpan.FromMilliseconds(1500), timeout: TimeSpan.FromMilliseconds(500));

        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(5, _uas.Requests.Count);
        var arrivals = _uas.Requests.Select(r => r.At).Order().ToArray();
        var spread = TimeProvider.System.GetElapsedTime(arrivals[0], arrivals[^1]);
        Assert.True(spread >= TimeSpan.FromMilliseconds(600), $"5 sends spaced 200 ms apart arrived within {spread}");
        var byId = _intake.Observations.ToDictionary(o => o.ProducerId);
        Assert.Equal(5, byId.Count);
        Assert.Equal(Health.Unknown, byId["srv-01.dev-3"].Health); // one miss of three
        Assert.All(byId.Values.Where(o => o.ProducerId != "srv-01.dev-3"), o => Assert.Equal(Health.Online, o.Health));
        Assert.Contains("\"rttMs\":", byId["srv-01.dev-0"].State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunRoundAsync_StopsAnswering_OfflineOnTheThirdRoundAndBackWhenItAnswers()
    {
        var service = Service(targets: 2, interval: TimeSpan.FromMilliseconds(1000), timeout: TimeSpan.FromMilliseconds(400));
        await service.RunRoundAsync(CancellationToken.None);
        _uas.Answer = user => user == "dev-1" ? null : 200;

        var healths = new List<Health>();
        for (var round = 0; round < 3; round++)
        {
            _intake.Clear();
            await service.RunRoundAsync(CancellationToken.None);
            healths.Add(_intake.Observations.Single(o => o.ProducerId == "srv-01.dev-1").Health);
        }

        _uas.Answer = _ => 200;
        _intake.Clear();
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal([Health.Online, Health.Online, Health.Offline], healths);
        Assert.Equal(Health.Online, _intake.Observations.Single(o => o.ProducerId == "srv-01.dev-1").Health);
    }

    [Fact]
    public async Task RunRoundAsync_AfterForget_TheDeletedTargetAndItsSubtreeNoLongerQualifiedNorPosted()
    {
        var service = Service(targets: 11, interval: TimeSpan.FromMilliseconds(600), timeout: TimeSpan.FromMilliseconds(200));

        service.Forget("srv-01.dev-1");
        await service.RunRoundAsync(CancellationToken.None);
        var afterOne = (Requests: _uas.Requests.Count, Posted: _intake.Observations.Select(o => o.ProducerId).ToHashSet(StringComparer.Ordinal));
        service.Forget("srv-01");
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(10, afterOne.Requests);
        Assert.DoesNotContain("srv-01.dev-1", afterOne.Posted);
        Assert.Contains("srv-01.dev-10", afterOne.Posted); // a sibling whose id merely starts the same is not under it
        Assert.Equal(10, _uas.Requests.Count); // the whole server's subtree: nothing more sent
    }

    [Fact]
    public void Validate_PopulationBeyondTheRate_RefusedNamingTheFix()
    {
        var options = Options(2000, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        options.MaxRequestsPerSecond = 50;

        Assert.Contains(options.Validate(), e => e.Contains("2000 targets cannot each be qualified", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadTargets_EachNamed()
    {
        var options = Options(0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        options.Targets.Add(new SipQualifyTarget { ProducerId = "a b", Kind = "device", Uri = "sip:x@phone.example" });
        options.Targets.Add(new SipQualifyTarget { ProducerId = "p", Kind = "", Uri = "sip:x@127.0.0.1" });
        options.MissesToOffline = 0;

        var errors = options.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("Targets:0:ProducerId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Targets:0:Uri", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Targets:1:Kind", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MissesToOffline", StringComparison.Ordinal));
    }

    private SipQualifyService Service(int targets, TimeSpan interval, TimeSpan timeout)
    {
        var options = Options(targets, interval, timeout);
        Assert.Empty(options.Validate());
        return new SipQualifyService(_qualifier, _intake, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System,
            NullLogger<SipQualifyService>.Instance, new LoopHeartbeats(TimeProvider.System));
    }

    private SipQualifyOptions Options(int targets, TimeSpan interval, TimeSpan timeout) => new()
    {
        Interval = interval,
        Timeout = timeout,
        MaxRequestsPerSecond = 1000,
        Targets = [.. Enumerable.Range(0, targets).Select(i => new SipQualifyTarget
        {
            ProducerId = $"srv-01.dev-{i}",
            Kind = ProducerKind.Device,
            ParentId = "srv-01",
            Uri = _uas.Uri($"dev-{i}"),
        })],
    };
}
