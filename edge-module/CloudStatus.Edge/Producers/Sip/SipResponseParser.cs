using System.Globalization;
using System.Text;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// A small, strict parser of SIP responses (RFC 3261 §7.2, §20): a <c>SIP/2.0 NNN reason</c> status line, CRLF header
/// lines up to an empty line, and the headers that match a response to its request — the top Via's branch, Call-ID
/// and CSeq — each present once. Compact header names (v, i) are understood. Anything else is refused, never thrown.
/// </summary>
internal static class SipResponseParser
{
    public const int MaxDatagramBytes = 65_507;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out SipResponse response)
    {
        response = default;
        if (datagram.IsEmpty || datagram.Length > MaxDatagramBytes)
        {
            return false;
        }

        var end = datagram.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        string head;
        try
        {
            head = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(datagram[..end]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var lines = head.Split("\r\n");
        if (!TryStatusLine(lines[0], out var status))
        {
            return false;
        }

        string? branch = null, callId = null, cseqValue = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (IsHeader(name, "Via", "v"))
            {
                // Only the top Via names our transaction; later ones (or a repeated top line) are not ours to read.
                if (branch is null && !TryTopBranch(value, out branch))
                {
                    return false;
                }
            }
            else if (IsHeader(name, "Call-ID", "i"))
            {
                if (callId is not null || value.Length == 0)
                {
                    return false;
                }

                callId = value;
            }
            else if (IsHeader(name, "CSeq", null))
            {
                if (cseqValue is not null)
                {
                    return false;
                }

                cseqValue = value;
            }
        }

        if (branch is null || callId is null || cseqValue is null)
        {
            return false;
        }

        var parts = cseqValue.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cseq) || cseq > uint.MaxValue)
        {
            return false;
        }

        response = new SipResponse(status, branch, callId, cseq, parts[1]);
        return true;
    }

    private static bool TryStatusLine(string line, out int status)
    {
        status = 0;
        // SIP/2.0 SP 3DIGIT SP reason-phrase
        if (line.Length < 12 || !line.StartsWith("SIP/2.0 ", StringComparison.Ordinal) || line[11] != ' ')
        {
            return false;
        }

        return int.TryParse(line.AsSpan(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status) && status is >= 100 and <= 699;
    }

    private static bool IsHeader(string name, string full, string? compact) =>
        name.Equals(full, StringComparison.OrdinalIgnoreCase) || (compact is not null && name.Equals(compact, StringComparison.OrdinalIgnoreCase));

    private static bool TryTopBranch(string via, out string? branch)
    {
        branch = null;
        var top = via.Split(',')[0];
        foreach (var param in top.Split(';').Skip(1))
        {
            var eq = param.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && param[..eq].Trim().Equals("branch", StringComparison.OrdinalIgnoreCase))
            {
                var value = param[(eq + 1)..].Trim();
                if (value.Length > 0)
                {
                    branch = value;
                    return true;
                }
            }
        }

        return false;
    }
}
