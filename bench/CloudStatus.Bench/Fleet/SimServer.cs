using System.Globalization;
using CloudStatus.Core.Model;

namespace CloudStatus.Bench.Fleet;

/// <summary>One simulated local server: its producers (parents before children), its switches and its own random stream.</summary>
internal sealed class SimServer
{
    public SimServer(int index, FleetSpec spec)
    {
        Index = index;
        ServerId = string.Create(CultureInfo.InvariantCulture, $"srv-{index + 1:0000}");
        TenantId = string.Create(CultureInfo.InvariantCulture, $"tenant-{(index % 10) + 1:00}");
        SiteId = string.Create(CultureInfo.InvariantCulture, $"site-{(index / 10) + 1:0000}");
        Random = new Random(SeedFor(spec.Seed, index));
        var interval = spec.ReportIntervalSeconds;
        var producers = new List<SimProducer>(spec.ProducersPerServer);
        var changeable = new List<int>();
        var switches = new List<SimSwitch>();

        void Add(string id, string kind, string? parent, int switchIndex, int number, bool canChange)
        {
            var producer = new SimProducer(id, kind, parent, switchIndex, number, Random.Next(interval)) { Load = Random.Next(0, 10) };
            producer.RenderState();
            if (canChange)
            {
                changeable.Add(producers.Count);
            }

            producers.Add(producer);
        }

        Add(ServerId, ProducerKind.Server, null, -1, 0, canChange: false);
        Add(ProducerId.Child(ServerId, "voicemail"), ProducerKind.LocalService, ServerId, -1, 0, canChange: false);
        for (var s = 0; s < spec.SwitchesPerServer; s++)
        {
            var switchId = ProducerId.Child(ServerId, string.Create(CultureInfo.InvariantCulture, $"sw-{s + 1:00}"));
            switches.Add(new SimSwitch(producers.Count));
            Add(switchId, ProducerKind.Switch, ServerId, s, s + 1, canChange: false);
            Add(ProducerId.Child(switchId, "trunk-1"), ProducerKind.Trunk, switchId, s, 1, canChange: true);
            Add(ProducerId.Child(switchId, "trunk-2"), ProducerKind.Trunk, switchId, s, 2, canChange: true);
            Add(ProducerId.Child(switchId, "fan"), ProducerKind.Fan, switchId, s, 0, canChange: true);
            for (var d = 0; d < spec.DevicesPerSwitch; d++)
            {
                Add(ProducerId.Child(switchId, string.Create(CultureInfo.InvariantCulture, $"dev-{d + 1:000}")), ProducerKind.Device, switchId, s, ((s + 1) * 1000) + d + 1, canChange: true);
            }
        }

        Producers = [.. producers];
        Changeable = [.. changeable];
        Switches = [.. switches];
        ByPhase = new int[interval][];
        var phases = Enumerable.Range(0, interval).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < Producers.Length; i++)
        {
            phases[Producers[i].Phase].Add(i);
        }

        for (var p = 0; p < interval; p++)
        {
            ByPhase[p] = [.. phases[p]];
        }
    }

    public int Index { get; }
    public string ServerId { get; }
    public string TenantId { get; }
    public string SiteId { get; }
    public Random Random { get; }
    public SimProducer[] Producers { get; }

    /// <summary>Indexes of the producers that change (devices, trunks, fans).</summary>
    public int[] Changeable { get; }

    public SimSwitch[] Switches { get; }

    /// <summary>Producer indexes by the second of the report interval at which they report.</summary>
    public int[][] ByPhase { get; }

    public double ChangeCarry { get; set; }

    /// <summary>A server's seed from the fleet seed and its index (stable across processes, unlike <see cref="HashCode"/>).</summary>
    public static int SeedFor(int fleetSeed, int index) => unchecked((fleetSeed * 1_000_003) + (index * 7_919) + 0x5EED);

    /// <summary>True while the producer's switch is down or dark (so neither it nor anything under it reports).</summary>
    public bool IsCutOff(SimProducer producer) => producer.SwitchIndex >= 0 && Switches[producer.SwitchIndex].Silent;
}

/// <summary>A switch's outage state: rebooting or dark until the given second.</summary>
internal sealed class SimSwitch(int producerIndex)
{
    public int ProducerIndex { get; } = producerIndex;
    public bool Rebooting { get; set; }
    public bool Dark { get; set; }
    public int Until { get; set; }
    public bool Silent => Rebooting || Dark;
}
