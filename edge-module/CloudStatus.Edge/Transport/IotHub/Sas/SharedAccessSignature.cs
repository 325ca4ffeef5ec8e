using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CloudStatus.Edge.Transport.IotHub.Sas;

/// <summary>
/// IoT Hub SAS tokens: <c>SharedAccessSignature sr={enc(resource)}&amp;sig={enc(sig)}&amp;se={expiry}</c> where
/// sig = base64(HMAC-SHA256(key, enc(resource) + "\n" + expiry)) and the key is the base64-decoded shared access key.
/// The resource is lower-cased, then URL-encoded with <see cref="WebUtility.UrlEncode"/> as the Azure IoT .NET SDK
/// does. A verifier signs the <c>sr</c> exactly as received, so the encoding only has to be a valid one. Public because
/// the dev hub (dev/) verifies the modules' tokens.
/// </summary>
public static class SharedAccessSignature
{
    public const string Scheme = "SharedAccessSignature";

    /// <summary>The resource of a module identity, not encoded: <c>{hub}/devices/{d}/modules/{m}</c>.</summary>
    public static string ModuleResource(string hostName, string deviceId, string moduleId) =>
        $"{hostName}/devices/{deviceId}/modules/{moduleId}";

    public static string EncodeResource(string resourceUri) => WebUtility.UrlEncode(resourceUri.ToLowerInvariant());

    /// <summary>Builds a token for <paramref name="resourceUri"/> (not encoded) signed with the raw key bytes.</summary>
    public static string Create(string resourceUri, ReadOnlySpan<byte> key, DateTimeOffset expiry)
    {
        var encodedResource = EncodeResource(resourceUri);
        var expiresOn = expiry.ToUnixTimeSeconds();
        return FormatToken(encodedResource, ComputeSignature(key, encodedResource, expiresOn), expiresOn);
    }

    /// <summary>The UTF-8 bytes that are signed: <c>encodedResource + "\n" + expiresOn</c>.</summary>
    public static byte[] StringToSign(string encodedResource, long expiresOn) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{encodedResource}\n{expiresOn}"));

    /// <summary>Assembles a token from its parts; <paramref name="signature"/> is base64 (URL-encoded here).</summary>
    public static string FormatToken(string encodedResource, string signature, long expiresOn) =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme} sr={encodedResource}&sig={WebUtility.UrlEncode(signature)}&se={expiresOn}");

    /// <summary>base64(HMAC-SHA256(key, encodedResource + "\n" + expiresOn)).</summary>
    public static string ComputeSignature(ReadOnlySpan<byte> key, string encodedResource, long expiresOn) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, StringToSign(encodedResource, expiresOn)));

    /// <summary>Splits a token into its fields; false when it is not a well-formed SAS token.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out SasTokenFields? fields)
    {
        fields = null;
        if (token is null || !token.StartsWith(Scheme + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? sr = null;
        string? sig = null;
        string? se = null;
        string? skn = null;
        foreach (var pair in token[(Scheme.Length + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var value = pair[(equals + 1)..];
            switch (pair[..equals])
            {
                case "sr": sr = value; break;
                case "sig": sig = WebUtility.UrlDecode(value); break;
                case "se": se = value; break;
                case "skn": skn = WebUtility.UrlDecode(value); break;
                default: return false;
            }
        }

        if (string.IsNullOrEmpty(sr) || string.IsNullOrEmpty(sig)
            || !long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresOn))
        {
            return false;
        }

        fields = new SasTokenFields(sr, sig, expiresOn, skn);
        return true;
    }
}

/// <param name="EncodedResource">The <c>sr</c> field exactly as sent (what was signed).</param>
/// <param name="Signature">The <c>sig</c> field, URL-decoded (base64).</param>
/// <param name="ExpiresOn">The <c>se</c> field: Unix seconds.</param>
/// <param name="KeyName">The <c>skn</c> field (shared access policies only).</param>
public sealed record SasTokenFields(string EncodedResource, string Signature, long ExpiresOn, string? KeyName)
{
    public string Resource => WebUtility.UrlDecode(EncodedResource);

    public DateTimeOffset Expiry => DateTimeOffset.FromUnixTimeSeconds(ExpiresOn);

    /// <summary>True when <see cref="Signature"/> is the HMAC of this token's fields under <paramref name="key"/> (constant time).</summary>
    public bool IsSignedWith(ReadOnlySpan<byte> key)
    {
        var expected = Convert.FromBase64String(SharedAccessSignature.ComputeSignature(key, EncodedResource, ExpiresOn));
        var actual = new byte[Signature.Length];
        return Convert.TryFromBase64String(Signature, actual, out var written)
            && CryptographicOperations.FixedTimeEquals(expected, actual.AsSpan(0, written));
    }

    // The signature is a credential for its lifetime: keep it out of ToString.
    public override string ToString() => $"SAS(sr={EncodedResource}, se={ExpiresOn})";
}
