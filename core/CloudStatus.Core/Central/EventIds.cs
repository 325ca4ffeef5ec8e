using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Central;

/// <summary>Deterministic event ids: the same change yields the same id, so a retried apply cannot log it twice.</summary>
public static class EventIds
{
    private const int StackKeyChars = 256;

    public static string For(string serverId, string epoch, string producerId, long seq, string type)
    {
        // One per logged event: the key is formatted on the stack (the id string is all it allocates) unless it is long.
        Span<char> key = stackalloc char[StackKeyChars];
        return key.TryWrite(CultureInfo.InvariantCulture, $"{serverId}\u001f{epoch}\u001f{producerId}\u001f{seq}\u001f{type}", out var length)
            ? Hash(key[..length])
            : Hash(string.Join('\u001f', serverId, epoch, producerId, seq.ToString(CultureInfo.InvariantCulture), type));
    }

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

    private static string Hash(ReadOnlySpan<char> key)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = maxBytes > StackKeyChars * 3 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[StackKeyChars * 3];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return Convert.ToHexStringLower(digest[..16]);
    }
}
