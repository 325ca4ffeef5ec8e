using System.Buffers.Text;
using System.Text;

namespace CloudStatus.Functions.Storage;

/// <summary>Opaque keyset tokens: the key parts joined by a unit separator, base64url-encoded.</summary>
internal static class ContinuationToken
{
    private const char Separator = '\u001f';

    public static string Encode(params string[] parts) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, parts)));

    /// <summary>Decodes a token of exactly <paramref name="parts"/> parts, or throws <see cref="InvalidContinuationException"/>.</summary>
    public static string[] Decode(string token, int parts)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException ex)
        {
            throw new InvalidContinuationException("The continuation token is not valid.", ex);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidContinuationException("The continuation token is not valid.", ex);
        }

        var split = text.Split(Separator);
        return split.Length == parts ? split : throw new InvalidContinuationException();
    }
}
