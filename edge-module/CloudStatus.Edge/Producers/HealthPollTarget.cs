namespace CloudStatus.Edge.Producers;

/// <summary>One producer whose health URL is polled.</summary>
internal sealed class HealthPollTarget
{
    public string ProducerId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string? ParentId { get; set; }
    public Uri? Url { get; set; }
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A poll not answered within this time counts as offline.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
