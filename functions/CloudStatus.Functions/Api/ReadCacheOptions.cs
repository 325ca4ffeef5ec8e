namespace CloudStatus.Functions.Api;

/// <summary>
/// The readers' response cache of the list reads (section <c>CloudStatus:Central:Api:ReadCache</c>, docs/adr/0182):
/// a page answered within <see cref="MaxAge"/> is served again without the store.
/// </summary>
internal sealed class ReadCacheOptions
{
    public const string SectionName = "CloudStatus:Central:Api:ReadCache";

    /// <summary>How long a page is served without asking the store; zero turns the cache off.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The oldest page served while one reader refreshes it, or when the refresh meets a store still busy after its
    /// retries (stale-if-error): the bound on what a reader may see old.
    /// </summary>
    public TimeSpan StaleIfError { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most response bytes kept; the least recently stored pages leave first.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxAge < TimeSpan.Zero || MaxAge > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{SectionName}:MaxAge must be between 0 (off) and 60 s (was {MaxAge}).");
        }

        if (StaleIfError < MaxAge || StaleIfError > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{SectionName}:StaleIfError must be at least MaxAge and at most 10 min (was {StaleIfError}).");
        }

        if (MaxBytes is < 1024 * 1024 or > 4L * 1024 * 1024 * 1024)
        {
            errors.Add($"{SectionName}:MaxBytes must be between 1 MiB and 4 GiB (was {MaxBytes}).");
        }

        return errors;
    }
}
