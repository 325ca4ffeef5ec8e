using System.Buffers;
using System.Text;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// Text kept as UTF-8 bytes (a producer's raw JSON state): half the memory of a UTF-16 string for the ASCII JSON
/// producers report, and one array shared by the buffer and the heap while they hold the same state
/// (docs/adr/0165). <c>default</c> is null text. The bytes are never changed once made.
/// </summary>
internal readonly struct Utf8Text : IEquatable<Utf8Text>
{
    private const int StackLimit = 512;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private readonly byte[]? _bytes;

    private Utf8Text(byte[]? bytes) => _bytes = bytes;

    public bool IsNull => _bytes is null;

    /// <summary>Bytes held (0 for null text).</summary>
    public int Length => _bytes?.Length ?? 0;

    public ReadOnlySpan<byte> Span => _bytes;

    public static Utf8Text FromString(string? text) => text is null ? default : new Utf8Text(Strict.GetBytes(text));

    public static implicit operator Utf8Text(string? text) => FromString(text);

    public static bool operator ==(Utf8Text left, Utf8Text right) => left.Equals(right);

    public static bool operator !=(Utf8Text left, Utf8Text right) => !left.Equals(right);

    /// <summary>Whether this is the same text as <paramref name="text"/>, without allocating.</summary>
    public bool Matches(string? text)
    {
        if (text is null || _bytes is null)
        {
            return text is null && _bytes is null;
        }

        // Each char is 1 to 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars), so the lengths bound each other.
        if (_bytes.Length < text.Length || _bytes.Length > text.Length * 3)
        {
            return false;
        }

        var max = Strict.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var written = Strict.GetBytes(text, buffer);
            return buffer[..written].SequenceEqual(_bytes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public bool Equals(Utf8Text other) =>
        ReferenceEquals(_bytes, other._bytes) || (_bytes is not null && other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes));

    public override bool Equals(object? obj) => obj is Utf8Text other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The text as a string (a new string each time), or null.</summary>
    public override string? ToString() => _bytes is null ? null : Strict.GetString(_bytes);
}
