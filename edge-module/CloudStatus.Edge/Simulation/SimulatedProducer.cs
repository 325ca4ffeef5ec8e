using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Edge.Simulation;

/// <summary>One simulated piece of equipment and what it currently reports.</summary>
internal sealed class SimulatedProducer(string id, string kind, string? parentId, int number)
{
    public string Id { get; } = id;
    public string Kind { get; } = kind;
    public string? ParentId { get; } = parentId;
    public int Number { get; } = number;
    public Health Health { get; set; } = Health.Online;
    public int Load { get; set; }
    public int BootCount { get; set; } = 1;
    public string? Config { get; set; }
    public bool Rebooting { get; set; }
    public string State { get; private set; } = "{}";

    public void RenderState()
    {
        State = Kind switch
        {
            ProducerKind.Switch => string.Create(CultureInfo.InvariantCulture, $$"""{"bootCount":{{BootCount}},"firmware":"4.2.{{Number % 7}}","load":{{Load}}}"""),
            ProducerKind.Device => string.Create(CultureInfo.InvariantCulture, $$"""{"extension":"{{1000 + Number}}","calls":{{Load}}}"""),
            ProducerKind.Trunk => string.Create(CultureInfo.InvariantCulture, $$"""{"channels":23,"busy":{{Load}}}"""),
            ProducerKind.Fan => string.Create(CultureInfo.InvariantCulture, $$"""{"rpm":{{3000 + (Load * 100)}}}"""),
            ProducerKind.LocalService => string.Create(CultureInfo.InvariantCulture, $$"""{"mailboxes":{{Load}}}"""),
            _ => string.Create(CultureInfo.InvariantCulture, $$"""{"load":{{Load}}}"""),
        };
    }

    public Observation Observe(string? evt = null) => new(Id, Kind, ParentId, Health, State, Config, evt);
}
