using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>What the HTTP adapter learns of a switch's identity, against a scripted switch on a real Kestrel listener on loopback.</summary>
public sealed class HttpManagementAdapterIdentityTests : IAsyncLifetime
{
    private readonly RecordingIntake _intake = new();
    private readonly EquipmentHttpClients _clients = new();
    private readonly EndpointGates _gates = new();
    private EquipmentPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await EquipmentPeer.StartAsync();

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _clients.Dispose();
        _gates.Dispose();
    }

    [Fact]
    public async Task PollAsync_StatusTellsMacAndIp_PostedNormalized()
    {
        _peer.Identity = ""","mac":"02-00-5E-10-00-01","ip":"FD00::5" """;

        await Adapter(Options()).PollAsync(CancellationToken.None);

        var observation = Assert.Single(_intake.Observations);
        Assert.Equal(("02:00:5e:10:00:01", "fd00::5"), (observation.Mac, observation.Ip));
    }

    [Fact]
    public async Task PollAsync_StatusSilentOrWrongAboutIdentity_TheSectionsAddressesAreUsed()
    {
        _peer.Identity = ""","mac":"not-a-mac" """;
        var adapter = Adapter(Options(o => (o.Mac, o.Ip) = ("0200.5e10.0009", "10.0.1.9")));

        await adapter.PollAsync(CancellationToken.None);

        var observation = Assert.Single(_intake.Observations);
        Assert.Equal(("02:00:5e:10:00:09", "10.0.1.9"), (observation.Mac, observation.Ip));
    }

    [Fact]
    public async Task PollAsync_AwaitFirstAnswer_NothingPostedUntilTheEquipmentFirstAnswersThenItsFailuresAre()
    {
        _peer.FailWith = 404;
        var adapter = Adapter(Options(o => o.AwaitFirstAnswer = true));

        await adapter.PollAsync(CancellationToken.None);
        Assert.Empty(_intake.Observations);

        _peer.FailWith = null;
        await adapter.PollAsync(CancellationToken.None);
        _peer.FailWith = 500;
        await adapter.PollAsync(CancellationToken.None);

        Assert.Equal([Health.Online, Health.Unknown], _intake.Observations.Select(o => o.Health));
    }

    [Fact]
    public void Validate_BadMacOrIpInTheSection_RefusedWithTheRule()
    {
        var errors = Options(o => (o.Mac, o.Ip) = ("02:00", "10.1")).Validate("equipment.sw1").ToList();

        Assert.Contains(errors, e => e.StartsWith("equipment.sw1.mac '02:00': a MAC address must be six hex pairs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("equipment.sw1.ip '10.1': an IP address must be", StringComparison.Ordinal));
    }

    private EquipmentOptions Options(Action<EquipmentOptions>? configure = null)
    {
        var options = new EquipmentOptions { ProducerId = "srv-01.sw-01", Kind = ProducerKind.Switch, ParentId = "srv-01", Url = _peer.Url, Timeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return options;
    }

    private HttpManagementAdapter Adapter(EquipmentOptions options) =>
        new(options, _clients.For(options), _gates, _intake, TimeProvider.System, NullLogger.Instance);
}
