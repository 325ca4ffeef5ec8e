namespace CloudStatus.Core.Consistency;

/// <summary>A resync to ask a server for: everything from <paramref name="FromSeq"/> (0 = the whole heap).</summary>
public sealed record ResyncRequest(long FromSeq, string Reason);
