using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Fleet;

/// <summary>One simulated producer and what it currently reports. The state text is rebuilt only when it changes, so an unchanged report carries the same string.</summary>
internal sealed class SimProducer(string id, string kind, string? parentId, int switchIndex, int number, int phase)
{
    public string Id { get; } = id;
    public string Kind { get; } = kind;
    public string? ParentId { get; } = parentId;

    /// <summary>The switch this producer hangs off (the switch itself included); -1 for the server and its local service.</summary>
    public int SwitchIndex { get; } = switchIndex;

    public int Number { get; } = number;

    /// <summary>The second within the report interval at which it reports.</summary>
    public int Phase { get; } = phase;

    public Health Health { get; set; } = Health.Online;
    public int Load { get; set; }
    public int BootCount { get; set; } = 1;
    public string? Config { get; set; }

    /// <summary>Unplugged or removed: it no longer reports (its slot stays, so slots are stable).</summary>
    public bool Removed { get; set; }

    public string State { get; private set; } = "{}";

    public string Firmware => string.Create(CultureInfo.InvariantCulture, $"4.2.{Number % 7}");

    public void RenderState()
    {
        State = Kind switch
        {
            ProducerKind.Switch => string.Create(CultureInfo.InvariantCulture, $$"""{"bootCount":{{BootCount}},"firmware":"{{Firmware}}","load":{{Load}}}"""),
            ProducerKind.Device => string.Create(CultureInfo.InvariantCulture, $$"""{"extension":"{{1000 + Number}}","calls":{{Load}}}"""),
            ProducerKind.Trunk => string.Create(CultureInfo.InvariantCulture, $$"""{"channels":23,"busy":{{Load}}}"""),
            ProducerKind.Fan => string.Create(CultureInfo.InvariantCulture, $$"""{"rpm":{{3000 + (Load * 100)}}}"""),
            ProducerKind.LocalService => string.Create(CultureInfo.InvariantCulture, $$"""{"mailboxes":{{Load}}}"""),
            _ => string.Create(CultureInfo.InvariantCulture, $$"""{"load":{{Load}}}"""),
        };
    }

    public Observation Observe(string? evt = null) => new(Id, Kind, ParentId, Health, State, Config, evt);
}
