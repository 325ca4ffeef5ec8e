using System.Globalization;

namespace CloudStatus.Core.Model;

/// <summary>
/// A producer's MAC address in one form everywhere: six lower-case hex pairs joined by colons
/// (<c>02:00:5e:10:00:01</c>). Accepts colons, hyphens, Cisco dots (<c>0200.5e10.0001</c>) or twelve bare hex digits.
/// </summary>
public static class MacAddress
{
    public const string Rule = "a MAC address must be six hex pairs (02:00:5e:10:00:01, 02-00-5E-10-00-01, 0200.5e10.0001 or 02005e100001)";

    /// <summary>The normalized form, or false when <paramref name="text"/> is not a MAC address.</summary>
    public static bool TryNormalize(string? text, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 17)
        {
            return false;
        }

        var hex = text.Length switch
        {
            12 => text,
            14 when text[4] == '.' && text[9] == '.' => text.Replace(".", string.Empty, StringComparison.Ordinal),
            17 when SeparatedBy(text, ':') || SeparatedBy(text, '-') => string.Concat(Enumerable.Range(0, 6).Select(i => text.AsSpan(i * 3, 2).ToString())),
            _ => null,
        };
        if (hex is not { Length: 12 } || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        normalized = string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2).ToLower(CultureInfo.InvariantCulture)));
        return true;
    }

    /// <summary>True when <paramref name="text"/> is already in the normalized form (what the wire carries).</summary>
    public static bool IsNormalized(string? text) => TryNormalize(text, out var normalized) && string.Equals(text, normalized, StringComparison.Ordinal);

    private static bool SeparatedBy(string text, char separator) =>
        text[2] == separator && text[5] == separator && text[8] == separator && text[11] == separator && text[14] == separator;
}
