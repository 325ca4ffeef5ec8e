namespace CloudStatus.Edge.Intake;

/// <summary>
/// An add command (E9) waiting for its producer to show up: the producer with <see cref="ProducerId"/>, or the one whose
/// MAC or IP address is <see cref="Mac"/> or <see cref="Ip"/> (normalized; docs/adr/0080). <see cref="Completion"/> ends
/// with what became of it once its producer showed up and the equipment answered the configuration (or a later add for
/// the same id replaced it), so the command can report the equipment's answer (ADR 141).
/// </summary>
internal sealed record PendingAdd(string ProducerId, string? Kind, string? ParentId, string? Config, string? Mac = null, string? Ip = null)
{
    public TaskCompletionSource<AddResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
