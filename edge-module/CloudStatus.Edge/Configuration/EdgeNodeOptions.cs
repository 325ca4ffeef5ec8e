using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Producers.Supervision;

namespace CloudStatus.Edge.Configuration;

/// <summary>One local server's edge module (configuration section <c>CloudStatus:Edge</c>).</summary>
public sealed class EdgeNodeOptions
{
    public const string SectionName = "CloudStatus:Edge";

    /// <summary>Room for a batch's envelope and at least one record.</summary>
    public const int MinMessageBytes = 512;

    public string TenantId { get; set; } = string.Empty;
    public string SiteId { get; set; } = string.Empty;

    /// <summary>This local server's id (= its IoT Edge device id); the root of its producer ids.</summary>
    public string ServerId { get; set; } = string.Empty;

    /// <summary>
    /// Where this node keeps its local history (<c>history.db</c>) and, when the heap mirror is SQLite, its heap
    /// (<c>heap.db</c>); one directory per node.
    /// </summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>The heap mirror (<c>CloudStatus:Edge:Heap:Kind</c> = Sqlite | TableStorage).</summary>
    public HeapMirrorOptions Heap { get; set; } = new();

    /// <summary>The periodic write (E3) and, unless set apart, the heartbeat interval.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Null = <see cref="Period"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    public bool Gzip { get; set; } = true;

    /// <summary>
    /// The largest device-to-cloud message the uplink sends; a larger catch-up or resync is split into chunks. IoT Hub
    /// takes 256 KB; a smaller limit suits a metered or narrow link.
    /// </summary>
    public int MaxMessageBytes { get; set; } = WireConstants.MaxMessageBytes;

    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan SilenceCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry after a failed send; doubles up to <see cref="Period"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    public EventRuleOptions Rules { get; set; } = new();

    public ChatterOptions Chatter { get; set; } = new();

    /// <summary>The local full-fidelity history (S3) answered by the <c>history</c> direct method.</summary>
    public HistoryOptions History { get; set; } = new();

    /// <summary>
    /// The equipment this node polls and controls through producer adapters, by a name of the operator's choosing
    /// (twin keys cannot hold the dots of producer ids). Section <c>CloudStatus:Edge:Equipment</c> or the twin's <c>equipment</c>.
    /// </summary>
    public Dictionary<string, EquipmentOptions> Equipment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The processes this node supervises (section <c>CloudStatus:Edge:Supervision</c> or the twin's <c>supervision</c>).</summary>
    public SupervisionOptions Supervision { get; set; } = new();

    /// <summary>This server's failover peer and LAN address, sent in its registration (section <c>CloudStatus:Edge:Failover</c>).</summary>
    public FailoverOptions Failover { get; set; } = new();

    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? Period;

    /// <summary>A copy whose tunables can be changed without touching this one.</summary>
    public EdgeNodeOptions Clone()
    {
        var copy = (EdgeNodeOptions)MemberwiseClone();
        copy.Rules = Rules with { };
        copy.Chatter = Chatter with { };
        copy.Equipment = new Dictionary<string, EquipmentOptions>(Equipment, StringComparer.Ordinal);
        return copy;
    }

    /// <summary>Every problem, each as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, value) in new[] { (nameof(TenantId), TenantId), (nameof(SiteId), SiteId), (nameof(ServerId), ServerId) })
        {
            if (!ProducerId.IsValid(value))
            {
                errors.Add($"{SectionName}:{name} '{value}' must be 1–{ProducerId.MaxLength} characters of [A-Za-z0-9._:-].");
            }
        }

        if ((Heap.Kind == HeapMirrorKind.Sqlite || History.Enabled) && string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add($"{SectionName}:{nameof(DataDirectory)} is required (the local history and a SQLite heap live there).");
        }

        errors.AddRange(Heap.Validate(SectionName + ":Heap"));

        if (Period < TimeSpan.FromMilliseconds(10))
        {
            errors.Add($"{SectionName}:{nameof(Period)} must be at least 10 ms (was {Period}).");
        }

        if (EffectiveHeartbeatInterval < TimeSpan.FromMilliseconds(10))
        {
            errors.Add($"{SectionName}:{nameof(HeartbeatInterval)} must be at least 10 ms (was {EffectiveHeartbeatInterval}).");
        }

        if (MaxMessageBytes is < MinMessageBytes or > WireConstants.MaxMessageBytes)
        {
            errors.Add($"{SectionName}:{nameof(MaxMessageBytes)} must be {MinMessageBytes}–{WireConstants.MaxMessageBytes} (was {MaxMessageBytes}).");
        }

        if (TombstoneRetention < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(TombstoneRetention)} must not be negative.");
        }

        if (SilenceCheckInterval <= TimeSpan.Zero || RetryInitialDelay <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(SilenceCheckInterval)} and {nameof(RetryInitialDelay)} must be positive.");
        }

        if (Chatter.Window <= TimeSpan.Zero || Chatter.Threshold < 2)
        {
            errors.Add($"{SectionName}:Chatter needs a positive Window and a Threshold of at least 2 transitions.");
        }

        errors.AddRange(Rules.Validate().Select(e => $"{SectionName}:{e}"));
        errors.AddRange(History.Validate().Select(e => $"{SectionName}:{e}"));
        errors.AddRange(EquipmentOptions.ValidateAll(Equipment, "equipment"));
        errors.AddRange(Failover.Validate(ServerId));
        SupervisionPlan.Create(Supervision, out var supervisionErrors);
        errors.AddRange(supervisionErrors);
        return errors;
    }
}
