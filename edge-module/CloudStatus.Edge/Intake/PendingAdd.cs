namespace CloudStatus.Edge.Intake;

/// <summary>An add command (E9) waiting for its producer to show up.</summary>
internal sealed record PendingAdd(string ProducerId, string? Kind, string? ParentId, string? Config);
