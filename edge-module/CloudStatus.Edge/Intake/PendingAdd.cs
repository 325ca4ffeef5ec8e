namespace CloudStatus.Edge.Intake;

/// <summary>
/// An add command (E9) waiting for its producer to show up: the producer with <see cref="ProducerId"/>, or the one whose
/// MAC or IP address is <see cref="Mac"/> or <see cref="Ip"/> (normalized; docs/adr/0080).
/// </summary>
internal sealed record PendingAdd(string ProducerId, string? Kind, string? ParentId, string? Config, string? Mac = null, string? Ip = null);
