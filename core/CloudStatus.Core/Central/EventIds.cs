using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudStatus.Core.Central;

/// <summary>Deterministic event ids: the same change yields the same id, so a retried apply cannot log it twice.</summary>
public static class EventIds
{
    public static string For(string serverId, string epoch, string producerId, long seq, string type) =>
        Hash(string.Join('\u001f', serverId, epoch, producerId, seq.ToString(CultureInfo.InvariantCulture), type));

    public static string ForServer(string serverId, string type, DateTimeOffset at) =>
        Hash(string.Join('\u001f', serverId, type, at.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
}
