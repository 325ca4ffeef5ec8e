using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Central;

/// <summary>Deterministic event ids: the same change yields the same id, so a retried apply cannot log it twice.</summary>
public static class EventIds
{
    public static string For(string serverId, string epoch, string producerId, long seq, string type) =>
        Hash(string.Join('\u001f', serverId, epoch, producerId, seq.ToString(CultureInfo.InvariantCulture), type));

    public static string ForServer(string serverId, string type, DateTimeOffset at) =>
        Hash(string.Join('\u001f', serverId, type, at.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// The identity of the events one batch logged: the same message redelivered (same epoch, kind, sequence range and
    /// send time; heartbeats repeat their range, not their send time) yields the same id, so an event store can refuse
    /// it whole (docs/adr/0131).
    /// </summary>
    public static string ForBatch(StatusBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Hash(string.Join(
            '\u001f',
            "batch",
            batch.ServerId,
            batch.Epoch,
            batch.Kind.ToString(),
            batch.SeqFrom.ToString(CultureInfo.InvariantCulture),
            batch.SeqTo.ToString(CultureInfo.InvariantCulture),
            batch.SentAt.UtcTicks.ToString(CultureInfo.InvariantCulture)));
    }

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
}
