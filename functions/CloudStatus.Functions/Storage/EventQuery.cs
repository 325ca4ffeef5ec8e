namespace CloudStatus.Functions.Storage;

/// <summary>
/// A page of the event log: the given tenants, central time in [From, To), optional type and server, newest first.
/// The adapter walks tenant/time-bucket partitions from To back to From.
/// </summary>
internal sealed record EventQuery
{
    public required IReadOnlyList<string> TenantIds { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Type { get; init; }
    public string? ServerId { get; init; }
    public int Limit { get; init; } = 100;
    public string? Continuation { get; init; }
}
