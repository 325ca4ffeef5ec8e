using System.Globalization;

namespace CloudStatus.Core.Wire;

/// <summary>
/// The per-record term of a <see cref="HeapDigest"/>: a stable 64-bit FNV-1a hash of (producerId, seq).
/// Terms are combined with wrapping addition, so the digest is independent of order and can be
/// maintained incrementally (add the new term, subtract the old one) by edge and central alike.
/// </summary>
public static class DigestHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(string producerId, long seq)
    {
        var hash = OffsetBasis;
        foreach (var c in producerId)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        hash = (hash ^ 0xFF) * Prime; // separator so ("a1", 2) and ("a", 12) differ
        var s = unchecked((ulong)seq);
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(s >> (i * 8))) * Prime;
        }

        return hash;
    }

    public static string Format(ulong sum) => sum.ToString("x16", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out ulong sum) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out sum);
}
