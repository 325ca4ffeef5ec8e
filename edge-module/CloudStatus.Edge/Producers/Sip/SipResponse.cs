namespace CloudStatus.Edge.Producers.Sip;

/// <summary>What the qualifier needs from a SIP response: its status and the keys that match it to a request.</summary>
internal readonly record struct SipResponse(int StatusCode, string Branch, string CallId, long CSeq, string CSeqMethod);
