namespace CloudStatus.Edge.Intake;

/// <summary>
/// What one observation changed about a buffered producer: the facts, before the event rules judge them
/// (<see cref="KindEventRules.Classify"/>).
/// </summary>
[Flags]
internal enum IntakeChanges
{
    None = 0,

    /// <summary>First observation since the buffer started.</summary>
    Appeared = 1,

    /// <summary>A pending add command matched the producer that appeared; its configuration was taken.</summary>
    Added = 2,

    /// <summary>A silenced producer was heard again.</summary>
    Resumed = 4,

    /// <summary>Its kind, parent, state or configuration changed.</summary>
    Record = 8,

    /// <summary>Its reported health changed. Noted in the history, but written only through <see cref="Health"/>.</summary>
    ReportedHealth = 16,

    /// <summary>Its filtered (chatter-held) health changed.</summary>
    Health = 32,

    FlappingStarted = 64,
    FlappingStopped = 128,

    /// <summary>It reported a reboot.</summary>
    Reboot = 256,

    /// <summary>It reported its deletion.</summary>
    Delete = 512,

    /// <summary>Its MAC or IP address became known or changed (also part of <see cref="Record"/>).</summary>
    Identity = 1024,
}
