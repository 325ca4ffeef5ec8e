namespace CloudStatus.Convergence.Tests.History;

/// <summary>
/// What happens to one local server and central, step by step (each step takes a second of the fake clock), and the
/// seed of how the link mangles whatever is still in flight when the history ends.
/// </summary>
public sealed record ConvergenceHistory(IReadOnlyList<Op> Ops, int LinkSeed)
{
    public override string ToString() => $"[{string.Join(", ", Ops)}] then mangle#{LinkSeed}";
}
