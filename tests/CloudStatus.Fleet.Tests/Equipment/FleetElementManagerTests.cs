using CloudStatus.Core.Model;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Fleet.Equipment;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Fleet.Tests.Equipment;

/// <summary>
/// The simulated element manager pushes over HTTP to a real push endpoint on loopback (the module's route, auth and
/// subtree rule): everything but the switches and what answers SIP, each server's changes in order.
/// </summary>
public sealed class FleetElementManagerTests : IAsyncLifetime
{
    private const string Secret = "element-manager-secret-0123456789";
    private readonly string _secretFile = Path.Combine(Path.GetTempPath(), "cs-em-" + Guid.NewGuid().ToString("N"));
    private readonly CollectingIntake _intake = new();
    private EdgeNodePushEndpoint? _endpoint;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_secretFile, Secret);
        _endpoint = await EdgeNodePushEndpoint.StartAsync(
            _intake, [new ProducerPushCaller { Name = "em", SecretFile = _secretFile, Subtrees = ["srv-0001"] }], NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _endpoint!.DisposeAsync();
        File.Delete(_secretFile);
    }

    [Fact]
    public async Task Observe_WholeServer_PushesAllButSwitchesAndSipAnsweredOnesThenEachChangeInOrder()
    {
        var url = new Uri(_endpoint!.Url, EdgeNodePushEndpoint.Route.TrimStart('/'));
        var sip = new HashSet<string>(StringComparer.Ordinal) { "srv-0001.sw-01.trunk-1" };
        await using var manager = new FleetElementManager(1, _ => [url], () => "Bearer " + Secret, sip.Contains, NullLogger<FleetElementManager>.Instance);
        var model = new FleetModel(new FleetSpec { Servers = 1, SwitchesPerServer = 1, DevicesPerSwitch = 1, ChangeRate = 0, ReportInterval = TimeSpan.FromSeconds(10) }, manager);
        manager.Start();

        model.Step(0);
        var server = model.Servers[0];
        server.SetHealth("srv-0001.sw-01.fan", Health.Offline);
        server.SetHealth("srv-0001.sw-01.fan", Health.Online);
        await WaitAsync(() => _intake.Ids.Count(id => id == "srv-0001.sw-01.fan") == 3 && manager.Pushed == _intake.Ids.Count);

        Assert.Equal(
            ["srv-0001", "srv-0001.sw-01.dev-001", "srv-0001.sw-01.fan", "srv-0001.sw-01.trunk-2", "srv-0001.voicemail"],
            _intake.Ids.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([Health.Online, Health.Offline, Health.Online], _intake.HealthOf("srv-0001.sw-01.fan"));
        Assert.Equal(_intake.Ids.Count, manager.Pushed);
    }

    [Fact]
    public async Task Plug_Switch_AnnouncedOnceNotPushed_OtherEquipmentPushedNotAnnounced()
    {
        var url = new Uri(_endpoint!.Url, EdgeNodePushEndpoint.Route.TrimStart('/'));
        await using var manager = new FleetElementManager(1, _ => [url], () => "Bearer " + Secret, _ => false, NullLogger<FleetElementManager>.Instance);
        var model = new FleetModel(new FleetSpec { Servers = 1, SwitchesPerServer = 1, DevicesPerSwitch = 1, ChangeRate = 0, ReportInterval = TimeSpan.FromSeconds(10) }, manager);
        manager.Start();
        var server = model.Servers[0];

        Assert.True(server.Plug("srv-0001.sw-slot-1", ProducerKind.Switch, "srv-0001", "02:aa:00:00:00:01", "10.1.0.9"));
        Assert.True(server.Plug("srv-0001.sw-01.dev-new", ProducerKind.Device, "srv-0001.sw-01"));
        await WaitAsync(() => _intake.Announced.Count == 1 && _intake.Ids.Contains("srv-0001.sw-01.dev-new"));

        Assert.Equal(["srv-0001.sw-slot-1"], _intake.Announced);
        Assert.DoesNotContain("srv-0001.sw-slot-1", _intake.Ids);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.True(condition(), "the pushes arrived within 5 s");
    }

    private sealed class CollectingIntake : IObservationIntake
    {
        private readonly Lock _gate = new();
        private readonly List<Observation> _observations = [];

        public List<string> Ids
        {
            get
            {
                lock (_gate)
                {
                    return [.. _observations.Select(o => o.ProducerId)];
                }
            }
        }

        public List<Health> HealthOf(string id)
        {
            lock (_gate)
            {
                return [.. _observations.Where(o => o.ProducerId == id).Select(o => o.Health)];
            }
        }

        public void Post(in Observation observation)
        {
            lock (_gate)
            {
                _observations.Add(observation);
            }
        }

        public void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null)
        {
        }

        public System.Collections.Concurrent.ConcurrentQueue<string> Announced { get; } = new();

        public bool Announce(string producerId)
        {
            Announced.Enqueue(producerId);
            return true;
        }
    }
}
