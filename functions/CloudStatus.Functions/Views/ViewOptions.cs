namespace CloudStatus.Functions.Views;

/// <summary>Options of the view builder (section <c>CloudStatus:Central:Views</c>).</summary>
internal sealed class ViewOptions
{
    public const string SectionName = "CloudStatus:Central:Views";

    /// <summary>How often every tenant's connectivity matrix and roll-ups are rebuilt.</summary>
    public TimeSpan ViewInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate() =>
        ViewInterval < TimeSpan.FromMilliseconds(100) || ViewInterval > TimeSpan.FromHours(1)
            ? [$"{SectionName}:ViewInterval must be between 100 ms and 1 h (was {ViewInterval})."]
            : [];
}
