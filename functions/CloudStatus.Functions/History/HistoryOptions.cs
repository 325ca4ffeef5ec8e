namespace CloudStatus.Functions.History;

/// <summary>Options of the cross-server history query (section <c>CloudStatus:Central:History</c>).</summary>
internal sealed class HistoryOptions
{
    public const string SectionName = "CloudStatus:Central:History";

    /// <summary>How long one member server may take to answer; a server slower than this is listed as timed out.</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Member servers asked at the same time.</summary>
    public int MaxConcurrency { get; set; } = 32;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ServerTimeout < TimeSpan.FromMilliseconds(100) || ServerTimeout > TimeSpan.FromSeconds(300))
        {
            errors.Add($"{SectionName}:ServerTimeout must be between 100 ms and 300 s (IoT Hub's longest) (was {ServerTimeout}).");
        }

        if (MaxConcurrency is < 1 or > 1000)
        {
            errors.Add($"{SectionName}:MaxConcurrency must be between 1 and 1000 (was {MaxConcurrency}).");
        }

        return errors;
    }
}
