namespace CloudStatus.Core.Filtering;

/// <summary>Settings of the chatter filter (E5).</summary>
public sealed record ChatterOptions
{
    /// <summary>
    /// The span in which transitions are counted, and the quiet time (no transition at all) after which a
    /// flapping producer is stable again. Must be positive.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Health transitions within <see cref="Window"/> that make a producer flapping. At least 2.</summary>
    public int Threshold { get; set; } = 4;

    /// <summary>Every problem as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(2);
        if (Window <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(Window)} must be positive (was {Window}).");
        }

        if (Threshold is < 2 or > ChatterState.MaxTransitions)
        {
            errors.Add($"{nameof(Threshold)} must be 2 to {ChatterState.MaxTransitions} transitions (was {Threshold}).");
        }

        return errors;
    }
}
