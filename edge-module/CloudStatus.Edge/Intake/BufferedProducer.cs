using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The buffer's part of one producer's slot (<see cref="BufferedProducers"/>), updated in place: no allocation per
/// observation. The state is UTF-8, shared with the heap once written; config, MAC and IP, rarely set, sit in one
/// <see cref="HeapExtras"/> object.
/// </summary>
internal struct BufferedProducer
{
    private ushort _kind;
    private byte _reported;
    private byte _reasons;
    private Flag _flags;

    public string? ParentId;
    public Utf8Text State;
    public HeapExtras? Extras;
    public ChatterState Chatter;
    public long LastHeardMs;

    /// <summary>The event rules of its kind, resolved when the kind is first or newly reported.</summary>
    public KindEventRules Rules
    {
        readonly get => new(Has(Flag.RuleReboot), Has(Flag.RuleAdd), Has(Flag.RuleDelete), Has(Flag.RuleHealthChange), Has(Flag.RuleFlapping), Has(Flag.RuleMustKeepReporting), Has(Flag.RuleIdentityChange));
        set
        {
            Set(Flag.RuleReboot, value.Reboot);
            Set(Flag.RuleAdd, value.Add);
            Set(Flag.RuleDelete, value.Delete);
            Set(Flag.RuleHealthChange, value.HealthChange);
            Set(Flag.RuleFlapping, value.Flapping);
            Set(Flag.RuleMustKeepReporting, value.MustKeepReporting);
            Set(Flag.RuleIdentityChange, value.IdentityChange);
        }
    }

    /// <summary>In the dirty list: changed since the last write.</summary>
    public bool Dirty
    {
        readonly get => Has(Flag.Dirty);
        set => Set(Flag.Dirty, value);
    }

    /// <summary>In the async list.</summary>
    public bool Queued
    {
        readonly get => Has(Flag.Queued);
        set => Set(Flag.Queued, value);
    }

    /// <summary>Reported at least once since the buffer started (not only seeded from the heap).</summary>
    public bool Observed
    {
        readonly get => Has(Flag.Observed);
        set => Set(Flag.Observed, value);
    }

    /// <summary>The silence rule fired on this producer and it was not heard since.</summary>
    public bool Silenced
    {
        readonly get => Has(Flag.Silenced);
        set => Set(Flag.Silenced, value);
    }

    /// <summary>Of a kind that must keep reporting.</summary>
    public bool Watched
    {
        readonly get => Has(Flag.Watched);
        set => Set(Flag.Watched, value);
    }

    /// <summary>The slot holds a buffered producer.</summary>
    public bool Present
    {
        readonly get => Has(Flag.Present);
        set => Set(Flag.Present, value);
    }

    /// <summary>The reported kind (null only in an empty slot).</summary>
    public string Kind
    {
        readonly get => KindCodes.NameOf(_kind)!;
        set => _kind = KindCodes.CodeOf(value);
    }

    public Health Reported
    {
        readonly get => (Health)_reported;
        set => _reported = (byte)value;
    }

    public PendingReasons Reasons
    {
        readonly get => (PendingReasons)_reasons;
        set => _reasons = (byte)value;
    }

    public string? Config
    {
        readonly get => Extras?.Config;
        set => Extras = HeapExtras.Of(value, Mac, Ip, null);
    }

    public string? Mac
    {
        readonly get => Extras?.Mac;
        set => Extras = HeapExtras.Of(Config, value, Ip, null);
    }

    public string? Ip
    {
        readonly get => Extras?.Ip;
        set => Extras = HeapExtras.Of(Config, Mac, value, null);
    }

    /// <summary>The health to write: the chatter-filtered one once observed, the seeded one before.</summary>
    public readonly Health Health => Observed ? ChatterFilter.EffectiveHealth(in Chatter) : Reported;

    public readonly bool Flapping => Observed && ChatterFilter.IsFlapping(in Chatter);

    /// <summary>A producer known from the restored heap, not observed yet.</summary>
    public static BufferedProducer Seeded(in HeapWrite record, KindEventRules rules, bool silenced, long nowMs) => new()
    {
        Kind = record.Kind,
        Rules = rules,
        ParentId = record.ParentId,
        Reported = record.Health,
        State = record.State,
        Extras = HeapExtras.Of(record.Config, record.Mac, record.Ip, null),
        LastHeardMs = nowMs,
        Silenced = silenced,
        Present = true,
    };

    /// <summary>Takes a reported kind (and the rules of that kind) and parent.</summary>
    public IntakeChanges Place(string kind, string? parentId, EventRules rules)
    {
        var changes = IntakeChanges.None;
        if (!string.Equals(Kind, kind, StringComparison.Ordinal))
        {
            Kind = kind;
            Rules = rules.For(kind);
            changes = IntakeChanges.Record;
        }

        if (!string.Equals(ParentId, parentId, StringComparison.Ordinal))
        {
            ParentId = parentId;
            changes = IntakeChanges.Record;
        }

        return changes;
    }

    /// <summary>Takes a reported state and configuration; null is "not reported" and keeps the last known value.</summary>
    public IntakeChanges Describe(string? state, string? config)
    {
        var changes = IntakeChanges.None;
        if (state is not null && !State.Matches(state))
        {
            State = Utf8Text.FromString(state);
            changes = IntakeChanges.Record;
        }

        if (config is not null && !string.Equals(Config, config, StringComparison.Ordinal))
        {
            Config = config;
            changes = IntakeChanges.Record;
        }

        return changes;
    }

    /// <summary>Takes a reported MAC and IP address; null is "not reported" and keeps the last known value.</summary>
    public IntakeChanges Identify(string? mac, string? ip)
    {
        var changes = IntakeChanges.None;
        if (mac is not null && !string.Equals(Mac, mac, StringComparison.Ordinal))
        {
            Mac = mac;
            changes = IntakeChanges.Record | IntakeChanges.Identity;
        }

        if (ip is not null && !string.Equals(Ip, ip, StringComparison.Ordinal))
        {
            Ip = ip;
            changes = IntakeChanges.Record | IntakeChanges.Identity;
        }

        return changes;
    }

    /// <summary>Takes a reported health through the chatter filter (E5).</summary>
    public IntakeChanges ObserveHealth(ChatterFilter chatter, Health reported, bool known, long nowMs)
    {
        var changes = known && Reported != reported ? IntakeChanges.ReportedHealth : IntakeChanges.None;
        var before = Health;
        Observed = true;
        Reported = reported;
        var verdict = chatter.Observe(ref Chatter, reported, nowMs);
        changes |= Health != before ? IntakeChanges.Health : IntakeChanges.None;
        return verdict switch
        {
            ChatterVerdict.StartedFlapping => changes | IntakeChanges.FlappingStarted,
            ChatterVerdict.StoppedFlapping => changes | IntakeChanges.FlappingStopped,
            _ => changes,
        };
    }

    public readonly ProducerView ToView(string producerId) =>
        new(producerId, Kind, ParentId, Health, Flapping, State, Config, Reasons, Observed, Mac, Ip);

    private readonly bool Has(Flag flag) => (_flags & flag) != 0;

    private void Set(Flag flag, bool value) => _flags = value ? _flags | flag : _flags & ~flag;

    // The six flags and the six rules of its kind in one 16-bit field.
    [Flags]
    private enum Flag : ushort
    {
        None = 0,
        Dirty = 1,
        Queued = 2,
        Observed = 4,
        Silenced = 8,
        Watched = 16,
        Present = 32,
        RuleReboot = 64,
        RuleAdd = 128,
        RuleDelete = 256,
        RuleHealthChange = 512,
        RuleFlapping = 1024,
        RuleMustKeepReporting = 2048,
        RuleIdentityChange = 4096,
    }
}
