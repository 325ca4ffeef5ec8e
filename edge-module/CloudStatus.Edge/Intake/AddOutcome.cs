namespace CloudStatus.Edge.Intake;

internal enum AddOutcome
{
    /// <summary>The producer was already known: its configuration was written and pushed now.</summary>
    Applied,

    /// <summary>Kept until the producer shows up.</summary>
    Pending,

    /// <summary>Written to the heap, but the equipment did not take the configuration (<see cref="AddResult.Detail"/> says why).</summary>
    NotTaken,

    /// <summary>Neither applied nor kept: which producer is meant is ambiguous (<see cref="AddResult.Detail"/> says why).</summary>
    Refused,
}

/// <summary>What became of an add: the producer it was applied to (its own id when matched by MAC or IP), or why not.</summary>
internal sealed record AddResult(AddOutcome Outcome, string ProducerId, string? Detail = null);
