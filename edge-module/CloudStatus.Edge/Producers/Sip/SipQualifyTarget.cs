namespace CloudStatus.Edge.Producers.Sip;

/// <summary>One phone or trunk the edge qualifies: its producer identity and its SIP address.</summary>
public sealed class SipQualifyTarget
{
    public string ProducerId { get; set; } = string.Empty;

    /// <summary>device (a phone) or trunk, usually.</summary>
    public string Kind { get; set; } = string.Empty;

    public string? ParentId { get; set; }

    /// <summary><c>sip:user@192.0.2.10:5060</c>; the user part is the Request-URI's, the host a literal IP.</summary>
    public string Uri { get; set; } = string.Empty;
}
