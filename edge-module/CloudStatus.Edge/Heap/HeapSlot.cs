using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The heap's part of a producer's slot (docs/adr/0165): its latest record without the id (kept once by the
/// <see cref="ProducerIndex"/>), the state as UTF-8, the timestamp as ticks, the event as a code, the parent and the
/// children as slot links, the kind as a code and the health in a byte. Config, MAC and IP, rarely set, sit in
/// <see cref="Extras"/>. Beside the record, the uplink's delta baseline (docs/adr/0166): the sequence and the state of
/// the record the hub last acknowledged, the state array shared with <see cref="State"/> while they are equal. 64 bytes.
/// </summary>
internal struct HeapSlot
{
    private ushort _kind;
    private byte _health;

    public Utf8Text State;
    public HeapExtras? Extras;
    public long Seq;

    /// <summary>The state of the record the hub last acknowledged (the delta baseline); the same array as <see cref="State"/> until the next write.</summary>
    public Utf8Text AckState;

    /// <summary>
    /// How far <see cref="Seq"/> has moved past the acknowledged record's sequence (meaningful with
    /// <see cref="HeapSlotFlags.Baseline"/>): 32 bits instead of a second 64-bit sequence.
    /// </summary>
    public uint AckLag;

    /// <summary>The local timestamp, UTC ticks.</summary>
    public long Ticks;

    /// <summary>The parent's slot + 1 (0: none).</summary>
    public int Parent;

    /// <summary>The first child's slot + 1 (0: none); the children are chained through <see cref="NextSibling"/>.</summary>
    public int FirstChild;

    public int NextSibling;
    public byte Event;
    public HeapSlotFlags Flags;

    public string Kind
    {
        readonly get => KindCodes.NameOf(_kind)!;
        set => _kind = KindCodes.CodeOf(value);
    }

    public Health Health
    {
        readonly get => (Health)_health;
        set => _health = (byte)value;
    }

    public readonly bool Present => (Flags & HeapSlotFlags.Present) != 0;

    public readonly bool Deleted => (Flags & HeapSlotFlags.Deleted) != 0;

    public readonly bool Silent => (Flags & HeapSlotFlags.Silent) != 0;

    public readonly bool Flapping => (Flags & HeapSlotFlags.Flapping) != 0;

    /// <summary>The acknowledged record's sequence, when the slot holds a baseline.</summary>
    public readonly long AckSeq => (Flags & HeapSlotFlags.Baseline) != 0 ? Seq - AckLag : 0;

    /// <summary>The event's code: 1–6 for <see cref="RecordEvents"/>, <see cref="OtherEvent"/> when kept in <see cref="Extras"/>.</summary>
    public const byte OtherEvent = 255;

    private static readonly string[] Events =
        [RecordEvents.Reboot, RecordEvents.Add, RecordEvents.Delete, RecordEvents.HealthChange, RecordEvents.Silent, RecordEvents.Flapping];

    public static byte EventCode(string? evt)
    {
        if (evt is null)
        {
            return 0;
        }

        var index = Array.IndexOf(Events, evt);
        return index >= 0 ? (byte)(index + 1) : OtherEvent;
    }

    public readonly string? EventName => Event switch
    {
        0 => null,
        OtherEvent => Extras?.Event,
        _ => Events[Event - 1],
    };
}

[Flags]
internal enum HeapSlotFlags : byte
{
    None = 0,
    Present = 1,
    Deleted = 2,
    Silent = 4,
    Flapping = 8,

    /// <summary>Kind, parent, config or addresses changed, or a tombstone was written, since the baseline: the next record goes whole.</summary>
    BaseStale = 16,

    /// <summary>The slot holds a delta baseline (<see cref="HeapSlot.AckState"/>, <see cref="HeapSlot.AckLag"/>).</summary>
    Baseline = 32,
}

/// <summary>The rarely set fields of a heap record, kept out of <see cref="HeapSlot"/>.</summary>
internal sealed record HeapExtras(string? Config, string? Mac, string? Ip, string? Event)
{
    public static HeapExtras? Of(string? config, string? mac, string? ip, string? otherEvent) =>
        config is null && mac is null && ip is null && otherEvent is null ? null : new HeapExtras(config, mac, ip, otherEvent);
}
