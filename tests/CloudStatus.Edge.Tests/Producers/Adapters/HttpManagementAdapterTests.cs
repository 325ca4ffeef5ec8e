using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.IotHub;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>The HTTP/JSON management adapter against a scripted switch on a real Kestrel listener on loopback.</summary>
public sealed class HttpManagementAdapterTests : IAsyncLifetime
{
    private const string Sw = "srv-01.sw-01";
    private readonly RecordingIntake _intake = new();
    private readonly EquipmentHttpClients _clients = new();
    private readonly EndpointGates _gates = new();
    private readonly TempDirectory _dir = new("edge");
    private EquipmentPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await EquipmentPeer.StartAsync();

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _clients.Dispose();
        _gates.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task PollAsync_Answering_PostsHealthStateWithFirmwareAndBootCountConfigAndReachable()
    {
        var adapter = Adapter(Options());

        await adapter.PollAsync(CancellationToken.None);

        var observation = Assert.Single(_intake.Observations);
        Assert.Equal((Sw, ProducerKind.Switch, "srv-01", Health.Online, null as string), (observation.ProducerId, observation.Kind, observation.ParentId, observation.Health, observation.Event));
        Assert.Equal("""{"load":3,"firmware":"7.1.0","bootCount":1}""", observation.State);
        Assert.Equal("""{"vlan":10}""", observation.Config);
        var (switchId, reachable) = Assert.Single(_intake.Connectivity);
        Assert.Equal(Sw, switchId);
        Assert.Equal(["srv-01.sw-02", "srv-02.sw-01"], reachable.Order(StringComparer.Ordinal));
        Assert.Null(Assert.Single(_intake.Peers));
    }

    [Fact]
    public async Task PollAsync_PeersListed_PostsThemWithTheReachable()
    {
        _peer.Peers = """["srv-01.sw-02","srv-02.sw-01","srv-02.sw-02"]""";
        var adapter = Adapter(Options());

        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal(["srv-01.sw-02", "srv-02.sw-01", "srv-02.sw-02"], Assert.Single(_intake.Peers)!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PollAsync_PeersNotProducerIds_UnknownWithReasonAndNoConnectivity()
    {
        _peer.Peers = """["srv-01.sw-02", 7]""";
        var adapter = Adapter(Options());

        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal(Health.Unknown, Assert.Single(_intake.Observations).Health);
        Assert.Empty(_intake.Connectivity);
    }

    [Fact]
    public async Task PollAsync_CredentialFile_SentInTheConfiguredHeader()
    {
        _peer.RequiredAuthorization = "Bearer from-file";
        var file = Path.Combine(_dir.Path, "switch.secret");
        await File.WriteAllTextAsync(file, "Bearer from-file\n");
        var adapter = Adapter(Options(o => o.CredentialFile = file));

        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal(Health.Online, Assert.Single(_intake.Observations).Health);
        Assert.All(_peer.Received, r => Assert.EndsWith("Bearer from-file", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PollAsync_CredentialEnvironmentVariable_SentAndWithoutItRefused()
    {
        var name = "CLOUDSTATUS_TEST_SWITCH_" + Guid.NewGuid().ToString("N");
        _peer.RequiredAuthorization = "Bearer from-env";
        var adapter = Adapter(Options(o => o.CredentialEnvironmentVariable = name));

        await adapter.PollAsync(CancellationToken.None);
        Environment.SetEnvironmentVariable(name, "Bearer from-env");
        try
        {
            await adapter.PollAsync(CancellationToken.None);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Assert.Equal(Health.Unknown, _intake.Observations[0].Health);
        Assert.Contains($"environment variable '{name}'", _intake.Observations[0].State, StringComparison.Ordinal);
        Assert.Equal(Health.Online, _intake.Observations[1].Health);
    }

    [Fact]
    public async Task PollAsync_TlsWithConfiguredCa_TrustedAndWithoutItRefused()
    {
        using var root = TestCertificates.CreateRoot("Switch CA");
        using var certificate = TestCertificates.CreateServer(root);
        await using var tls = await EquipmentPeer.StartAsync(certificate);
        var ca = Path.Combine(_dir.Path, "ca.pem");
        await File.WriteAllTextAsync(ca, TestCertificates.ToPem(root));

        await Adapter(Options(o => (o.Url, o.CaCertificateFile) = (tls.Url, ca))).PollAsync(CancellationToken.None);
        await Adapter(Options(o => o.Url = tls.Url)).PollAsync(CancellationToken.None);

        Assert.Equal(Health.Online, _intake.Observations[0].Health);
        Assert.Equal(Health.Offline, _intake.Observations[1].Health);
        Assert.Contains("unreachable", _intake.Observations[1].State, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, false, "unknown", "answered 500")]
    [InlineData(401, false, "unknown", "answered 401")]
    [InlineData(null, true, "unknown", "JSON")]
    public async Task PollAsync_ErrorOrGarbage_UnknownWithReasonAndLastStateKept(int? status, bool garbage, string health, string reason)
    {
        var adapter = Adapter(Options());
        await adapter.PollAsync(CancellationToken.None);
        (_peer.FailWith, _peer.Garbage) = (status, garbage);

        await adapter.PollAsync(CancellationToken.None);

        var failed = _intake.Observations[1];
        Assert.Equal(health, failed.Health.ToString().ToLowerInvariant());
        Assert.Contains(reason, failed.State, StringComparison.Ordinal);
        Assert.Contains("\"bootCount\":1", failed.State, StringComparison.Ordinal);
        Assert.Single(_intake.Connectivity);
    }

    [Fact]
    public async Task PollAsync_NobodyListening_OfflineUnreachable()
    {
        var url = _peer.Url;
        await _peer.DisposeAsync();
        _peer = await EquipmentPeer.StartAsync();

        await Adapter(Options(o => o.Url = url)).PollAsync(CancellationToken.None);

        var observation = Assert.Single(_intake.Observations);
        Assert.Equal(Health.Offline, observation.Health);
        Assert.Contains("unreachable", observation.State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_Hangs_OfflineOnceTheTimeoutPasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        _peer.Hang = true;
        var adapter = Adapter(Options(o => o.Timeout = TimeSpan.FromSeconds(3)), time);

        var poll = adapter.PollAsync(CancellationToken.None);
        await _peer.FirstHang.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(poll.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        await poll.WaitAsync(TimeSpan.FromSeconds(10));

        var observation = Assert.Single(_intake.Observations);
        Assert.Equal(Health.Offline, observation.Health);
        Assert.Contains("no answer within 3 s", observation.State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_AfterATimeout_TheNextPollAnswers()
    {
        _peer.Hang = true;
        var adapter = Adapter(Options(o => o.Timeout = TimeSpan.FromMilliseconds(300)));
        await adapter.PollAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _peer.Hang = false;

        await adapter.PollAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([Health.Offline, Health.Online], _intake.Observations.Select(o => o.Health));
    }

    [Fact]
    public async Task PollAsync_ManyProducersBehindOneEndpoint_AtMostTheLimitInFlight()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        _peer.Hang = true;
        var adapters = Enumerable.Range(1, 6)
            .Select(i => Adapter(Options(o => (o.ProducerId, o.MaxConcurrencyPerEndpoint) = ($"srv-01.sw-{i:00}", 2)), time)).ToList();

        var polls = adapters.Select(a => a.PollAsync(CancellationToken.None)).ToList();
        await Eventually.TrueAsync(() => _peer.Received.Count >= 2, "two requests reached the switch");
        await Task.Delay(200); // give the other four the chance to break the limit, if it did not hold
        var inFlight = _peer.MaxInFlight;
        time.Advance(TimeSpan.FromSeconds(5));
        await Task.WhenAll(polls).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, inFlight);
        Assert.Equal(2, _peer.Received.Count);
        Assert.All(_intake.Observations, o => Assert.Equal(Health.Offline, o.Health));
    }

    [Fact]
    public async Task RebootAsync_Accepted_PolledAtOnceWithNewBootCountFirmwareAndRebootEvent()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var adapter = Adapter(Options(), time);
        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal(ProducerControlResult.Accepted, await adapter.RebootAsync(CancellationToken.None));

        Assert.Contains("POST /reboot", _peer.Received);
        Assert.True(adapter.WaitForPollRequestAsync(CancellationToken.None).IsCompleted);
        Assert.Equal(TimeSpan.FromSeconds(1), adapter.NextPollDelay);
        await adapter.PollAsync(CancellationToken.None);
        var rebooted = _intake.Observations[1];
        Assert.Equal((Health.Online, ObservationEvents.Reboot), (rebooted.Health, rebooted.Event));
        Assert.Equal("""{"load":3,"firmware":"7.2.0","bootCount":2}""", rebooted.State);
        Assert.Equal(TimeSpan.FromSeconds(30), adapter.NextPollDelay);
    }

    [Fact]
    public async Task ApplyConfigAsync_PutsTheConfigurationWhichTheNextPollReadsBack()
    {
        var adapter = Adapter(Options());

        Assert.Equal(ProducerControlResult.Accepted, await adapter.ApplyConfigAsync("""{"vlan":12,"ext":"4900"}""", CancellationToken.None));
        Assert.True(adapter.WaitForPollRequestAsync(CancellationToken.None).IsCompleted);
        await adapter.PollAsync(CancellationToken.None);

        Assert.Contains("PUT /config", _peer.Received);
        Assert.Equal("""{"vlan":12,"ext":"4900"}""", Assert.Single(_intake.Observations).Config);
    }

    [Fact]
    public async Task RemoveAsync_Accepted_DeletedAndNoLongerPolled()
    {
        var adapter = Adapter(Options());

        Assert.Equal(ProducerControlResult.Accepted, await adapter.RemoveAsync(CancellationToken.None));
        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal(["DELETE /"], _peer.Received);
        Assert.False(adapter.IsActive);
        Assert.Empty(_intake.Observations);
    }

    [Fact]
    public async Task Control_ServerErrorOrUnreachable_ThrowsWithTheReason()
    {
        _peer.FailWith = 500;
        var adapter = Adapter(Options());
        var closed = Adapter(Options(o => o.Url = new Uri("http://127.0.0.1:1/")));

        var error = await Assert.ThrowsAsync<ProducerUnreachableException>(() => adapter.RebootAsync(CancellationToken.None));
        var unreachable = await Assert.ThrowsAsync<ProducerUnreachableException>(() => closed.RemoveAsync(CancellationToken.None));

        Assert.Contains("POST reboot answered 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", unreachable.Message, StringComparison.Ordinal);
        Assert.True(closed.IsActive);
    }

    private EquipmentOptions Options(Action<EquipmentOptions>? configure = null)
    {
        var options = new EquipmentOptions { ProducerId = Sw, Kind = ProducerKind.Switch, ParentId = "srv-01", Url = _peer.Url, Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return options;
    }

    private HttpManagementAdapter Adapter(EquipmentOptions options, TimeProvider? time = null) =>
        new(options, _clients.For(options), _gates, _intake, time ?? TimeProvider.System, NullLogger.Instance);
}
