using System.Globalization;
using System.Text;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// Builds one out-of-dialog OPTIONS request (RFC 3261 §11): the mandatory headers of §8.1.1 — Via with an RFC 3261
/// magic-cookie branch (z9hG4bK…), Max-Forwards, From with a tag, To, Call-ID, CSeq — plus Contact, Accept and
/// Content-Length 0, in CRLF lines.
/// </summary>
internal static class SipOptionsRequest
{
    public const string BranchCookie = "z9hG4bK";

    public static byte[] Build(SipUri target, string localHost, int localPort, string branch, string fromTag, string callId, long cseq)
    {
        ArgumentNullException.ThrowIfNull(target);
        var requestUri = target.ToString();
        var local = localHost.Contains(':', StringComparison.Ordinal) ? $"[{localHost}]:{localPort}" : $"{localHost}:{localPort}";
        var text = new StringBuilder(400)
            .Append(CultureInfo.InvariantCulture, $"OPTIONS {requestUri} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP {local};branch={branch};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:cloudstatus@{local}>;tag={fromTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <{requestUri}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} OPTIONS\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:cloudstatus@{local}>\r\n")
            .Append("Accept: application/sdp\r\n")
            .Append("User-Agent: CloudStatus-Edge\r\n")
            .Append("Content-Length: 0\r\n")
            .Append("\r\n")
            .ToString();
        return Encoding.UTF8.GetBytes(text);
    }
}
