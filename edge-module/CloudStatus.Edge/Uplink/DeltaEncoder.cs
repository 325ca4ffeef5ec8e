using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Uplink;

/// <summary>
/// Turns heap records into what goes on the wire: a delta against the record of the same producer that the hub last
/// acknowledged (what central holds once it has applied everything sent), or the full record when there is none or
/// the change cannot be said as one; every record gives its age instead of its timestamp. The baseline moves only
/// on acknowledgement, so a failed send is diffed against the same base again. Not thread-safe: the pump serializes.
/// </summary>
internal sealed class DeltaEncoder
{
    private readonly Dictionary<string, StatusRecord> _acknowledged = new(StringComparer.Ordinal);

    /// <summary>Producers with an acknowledged baseline.</summary>
    public int Count => _acknowledged.Count;

    /// <summary>The wire form of <paramref name="record"/> in a batch sent at <paramref name="sentAt"/>; full when <paramref name="allowDelta"/> is false (a resync).</summary>
    public StatusRecord ToWire(StatusRecord record, DateTimeOffset sentAt, bool allowDelta)
    {
        ArgumentNullException.ThrowIfNull(record);
        var wire = allowDelta && _acknowledged.TryGetValue(record.ProducerId, out var acknowledged)
            ? Delta(acknowledged, record) ?? record
            : record;
        return record.LocalTimestamp.Offset == sentAt.Offset && record.LocalTimestamp <= sentAt
            ? wire with { AgeTicks = (sentAt - record.LocalTimestamp).Ticks }
            : wire;
    }

    /// <summary>The hub acknowledged a batch holding these heap records: they become the producers' baselines.</summary>
    public void Acknowledge(IEnumerable<StatusRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            if (record.Deleted)
            {
                _acknowledged.Remove(record.ProducerId); // the next record of that id, if any, goes whole
            }
            else if (!_acknowledged.TryGetValue(record.ProducerId, out var known) || known.Seq < record.Seq)
            {
                _acknowledged[record.ProducerId] = record;
            }
        }
    }

    /// <summary>
    /// <paramref name="record"/> as a delta against <paramref name="baseline"/>, or null when it must go whole: a
    /// tombstone, another kind, or a member that became unknown (absent in a delta means "as in the base").
    /// </summary>
    private static StatusRecord? Delta(StatusRecord baseline, StatusRecord record)
    {
        if (record.Deleted || baseline.Deleted || baseline.Seq > record.Seq
            || !string.Equals(baseline.Kind, record.Kind, StringComparison.Ordinal)
            || !TryUnchanged(baseline.ParentId, record.ParentId, out var parentId)
            || !TryUnchanged(baseline.Config, record.Config, out var config)
            || !TryUnchanged(baseline.Mac, record.Mac, out var mac)
            || !TryUnchanged(baseline.Ip, record.Ip, out var ip)
            || !TryUnchanged(baseline.State, record.State, out var state))
        {
            return null;
        }

        var patch = state is not null && baseline.State is not null ? StatePatch.Diff(baseline.State, state) : null;
        return record with
        {
            Kind = string.Empty,
            ParentId = parentId,
            Config = config,
            Mac = mac,
            Ip = ip,
            State = patch is null ? state : null,
            StatePatch = patch,
            Base = baseline.Seq,
        };
    }

    /// <summary>The member as a delta carries it: null when unchanged; false when it became null (not expressible).</summary>
    private static bool TryUnchanged(string? baseline, string? value, out string? wire)
    {
        wire = string.Equals(baseline, value, StringComparison.Ordinal) ? null : value;
        return value is not null || baseline is null;
    }
}
