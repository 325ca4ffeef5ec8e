namespace CloudStatus.Core.Wire;

/// <summary>One switch's optimized connectivity list (E6).</summary>
public sealed record ConnectivityEntry
{
    public required string SwitchId { get; init; }
    public required ConnectivityMode Mode { get; init; }
    public required IReadOnlyList<string> Switches { get; init; }
}
