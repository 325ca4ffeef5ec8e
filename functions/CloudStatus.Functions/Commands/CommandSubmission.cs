namespace CloudStatus.Functions.Commands;

/// <summary>A validated command request (see <c>CommandsApi</c> for the HTTP body).</summary>
internal sealed record CommandSubmission(
    string ProducerId,
    string Action,
    string? IdempotencyKey,
    string? ServerId,
    string? Kind,
    string? ParentId,
    string? Config,
    Core.Commands.ProducerMatch? Match = null);

internal enum SubmitStatus
{
    Accepted,
    NotFound,
    Conflict,
}

/// <summary>What became of a submission: accepted (new or replayed by idempotency key), not found, or a conflict.</summary>
internal sealed record SubmitResult(SubmitStatus Status, Storage.CommandRecord? Command, string? Detail);
