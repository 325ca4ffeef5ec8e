namespace CloudStatus.Edge.Producers.Reachability;

/// <summary>One check's outcome: reached or not, how (icmp/tcp), how fast, and why not.</summary>
internal readonly record struct ReachabilityResult(bool Reached, string Method, TimeSpan RoundTrip, string? Reason);
