using System.Security.Cryptography;
using System.Text;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// The site key(s) read from their files. The files are read again when they change (a rotated key takes effect
/// without a restart); a file that cannot be read keeps the key last read from it, so a half-written file does not
/// lock a server out of its site.
/// </summary>
internal sealed class PeerKeys
{
    private readonly PeerLinkOptions _options;
    private readonly Lock _lock = new();
    private (DateTime Current, DateTime Previous) _stamps;
    private byte[][] _keys = [];

    public PeerKeys(PeerLinkOptions options)
    {
        _options = options;
        Refresh();
        if (_keys.Length == 0)
        {
            throw new InvalidOperationException($"{PeerLinkOptions.SectionName}: no site key could be read.");
        }
    }

    /// <summary>The key to sign with, then the previous one (if any); for verifying, each in turn.</summary>
    public IReadOnlyList<byte[]> All
    {
        get
        {
            Refresh();
            return Volatile.Read(ref _keys);
        }
    }

    /// <summary>The key's bytes, or null with a reason that never contains the key.</summary>
    internal static byte[]? Read(string file, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"the key file '{file}' cannot be read ({ex.GetType().Name}).";
            return null;
        }

        var key = Encoding.UTF8.GetBytes(text);
        if (key.Length < PeerLinkOptions.MinKeyBytes)
        {
            error = $"the key in '{file}' is shorter than {PeerLinkOptions.MinKeyBytes} bytes.";
            return null;
        }

        error = null;
        return key;
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under <paramref name="key"/>.</summary>
    internal static byte[] Sign(byte[] key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    private void Refresh()
    {
        var stamps = (Stamp(_options.KeyFile), Stamp(_options.PreviousKeyFile));
        if (stamps == _stamps && _keys.Length > 0)
        {
            return;
        }

        lock (_lock)
        {
            var old = _keys;
            var current = _options.KeyFile is { } f ? Read(f, out _) ?? (old.Length > 0 ? old[0] : null) : null;
            var previous = _options.PreviousKeyFile is { } p ? Read(p, out _) : null;
            Volatile.Write(ref _keys, new[] { current, previous }.OfType<byte[]>().ToArray());
            _stamps = stamps;
        }
    }

    private static DateTime Stamp(string? file) => file is null ? default : File.GetLastWriteTimeUtc(file);
}
