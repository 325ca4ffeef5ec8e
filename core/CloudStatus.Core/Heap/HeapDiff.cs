using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Heap;

/// <summary>
/// Decides whether a write would change a producer's heap record. The local management service writes only
/// what differs from the heap, so an unchanged observation costs no sequence number and no upstream traffic.
/// </summary>
public static class HeapDiff
{
    /// <summary>
    /// True when there is no record, the record is a tombstone, or any of kind, parentId, health, state,
    /// config, silent, flapping, mac or ip differs. Strings (including the raw JSON of state and config) compare
    /// ordinally: two JSON texts that differ only in whitespace or member order count as a change, which is
    /// harmless (one extra write) and keeps the check allocation-free. <see cref="StatusRecord.Event"/>,
    /// seq and timestamps are not compared: they describe the write, not the state.
    /// </summary>
    public static bool IsChange(
        StatusRecord? existing,
        string kind,
        string? parentId,
        Health health,
        string? state,
        string? config,
        bool silent,
        bool flapping,
        string? mac = null,
        string? ip = null) =>
        existing is null
        || existing.Deleted
        || existing.Health != health
        || existing.Silent != silent
        || existing.Flapping != flapping
        || !string.Equals(existing.Kind, kind, StringComparison.Ordinal)
        || !string.Equals(existing.ParentId, parentId, StringComparison.Ordinal)
        || !string.Equals(existing.State, state, StringComparison.Ordinal)
        || !string.Equals(existing.Config, config, StringComparison.Ordinal)
        || !string.Equals(existing.Mac, mac, StringComparison.Ordinal)
        || !string.Equals(existing.Ip, ip, StringComparison.Ordinal);
}
