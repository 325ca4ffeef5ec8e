namespace CloudStatus.Dev.Stack;

/// <summary>Test-only: the clocks of some simulated servers' edge nodes, by server id, when they must differ from the stack's.</summary>
internal sealed record DevEdgeClocks(IReadOnlyDictionary<string, TimeProvider> ByServer);
