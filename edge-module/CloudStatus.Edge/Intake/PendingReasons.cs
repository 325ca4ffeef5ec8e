namespace CloudStatus.Edge.Intake;

/// <summary>Why a buffered producer waits for an async write.</summary>
[Flags]
internal enum PendingReasons
{
    None = 0,

    /// <summary>First observation since this buffer started.</summary>
    Appeared = 1,

    Reboot = 2,
    Delete = 4,
    HealthChange = 8,
    Flapping = 16,

    /// <summary>A silenced producer was heard again.</summary>
    Resumed = 32,

    /// <summary>A pending add command matched this producer.</summary>
    Added = 64,

    /// <summary>Its MAC or IP became known or changed (docs/adr/0175).</summary>
    IdentityChange = 128,
}
