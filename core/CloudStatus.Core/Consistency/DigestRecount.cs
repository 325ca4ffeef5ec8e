namespace CloudStatus.Core.Consistency;

/// <summary>Central's digest recounted from its stored rows, and whether it then matched the edge's.</summary>
public sealed record DigestRecount(long Count, ulong Hash, bool Healed);
