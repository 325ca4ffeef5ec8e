namespace CloudStatus.Edge.Intake;

/// <summary>What the event rules make of one producer's changes.</summary>
/// <param name="Changed">The producer goes into the next periodic write (unless it is written now).</param>
/// <param name="Reasons">Why, noted on the producer for the writer.</param>
/// <param name="WriteNow">The producer waits for an async write, between periods.</param>
internal readonly record struct IntakeVerdict(bool Changed, PendingReasons Reasons, bool WriteNow);
