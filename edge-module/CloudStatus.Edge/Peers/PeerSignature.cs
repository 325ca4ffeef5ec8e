using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// The signing scheme of the peer interface (docs/adr/0145): HMAC-SHA256 under the site key over a canonical string.
/// A request names its sender and its addressee, a timestamp and a fresh nonce, and the SHA-256 of its body; the
/// answer names the same nonce, its status, responder and requester and the SHA-256 of its body, so an answer cannot
/// be replayed for another request nor forged by anything without the key. Labels keep a request's signature from
/// ever passing as an answer's.
/// </summary>
internal static class PeerSignature
{
    public const string From = "X-CloudStatus-Peer-From";
    public const string To = "X-CloudStatus-Peer-To";
    public const string Timestamp = "X-CloudStatus-Peer-Timestamp";
    public const string Nonce = "X-CloudStatus-Peer-Nonce";
    public const string Signature = "X-CloudStatus-Peer-Signature";

    /// <summary>The scheme named in <c>WWW-Authenticate</c> on a refusal.</summary>
    public const string Scheme = "CloudStatus-Peer-HMAC-SHA256";

    public static string RequestString(string method, string pathAndQuery, string from, string to, string timestamp, string nonce, ReadOnlySpan<byte> body) =>
        string.Join('\n', "cloudstatus-peer-request-v1", method.ToUpperInvariant(), pathAndQuery, from, to, timestamp, nonce, BodyHash(body));

    public static string AnswerString(string nonce, int status, string from, string to, string timestamp, ReadOnlySpan<byte> body) =>
        string.Join('\n', "cloudstatus-peer-answer-v1", nonce, status.ToString(CultureInfo.InvariantCulture), from, to, timestamp, BodyHash(body));

    public static string Sign(byte[] key, string canonical) => Convert.ToBase64String(PeerKeys.Sign(key, Encoding.UTF8.GetBytes(canonical)));

    /// <summary>True when <paramref name="signature"/> is the signature of <paramref name="canonical"/> under any of the keys (compared in constant time).</summary>
    public static bool Verify(IReadOnlyList<byte[]> keys, string canonical, string? signature)
    {
        if (signature is null || signature.Length > 64)
        {
            return false;
        }

        var presented = new byte[32];
        if (!Convert.TryFromBase64String(signature, presented, out var written) || written != 32)
        {
            return false;
        }

        var data = Encoding.UTF8.GetBytes(canonical);
        var match = false;
        foreach (var key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(PeerKeys.Sign(key, data), presented);
        }

        return match;
    }

    public static string NewNonce() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static bool IsNonce(string? nonce) =>
        nonce is { Length: >= 16 and <= 64 } && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string FormatTimestamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(string? value) =>
        value is { Length: > 0 and <= 16 } && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static string BodyHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
