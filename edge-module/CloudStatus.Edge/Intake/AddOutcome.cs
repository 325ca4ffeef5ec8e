namespace CloudStatus.Edge.Intake;

internal enum AddOutcome
{
    /// <summary>The producer was already known: its configuration was written and pushed now.</summary>
    Applied,

    /// <summary>Kept until the producer shows up.</summary>
    Pending,
}
