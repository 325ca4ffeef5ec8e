namespace CloudStatus.Core.History;

/// <summary>Types of the events a local server keeps in its full-fidelity history (the <c>history</c> direct method's <c>type</c>).</summary>
public static class LocalEventTypes
{
    /// <summary>First observation of a producer since the edge module started (with its health).</summary>
    public const string Appeared = "appeared";

    /// <summary>An observed health differing from the producer's previous observation: every flap, unfiltered.</summary>
    public const string Health = "health";

    public const string FlappingStarted = "flappingStarted";
    public const string FlappingStopped = "flappingStopped";
    public const string Reboot = "reboot";

    /// <summary>A producer reported its deletion, or a delete command removed it (detail: how many under it).</summary>
    public const string Delete = "delete";

    /// <summary>A producer that must keep reporting fell silent (detail: how many under it went offline).</summary>
    public const string Silent = "silent";

    /// <summary>A silent producer was heard again.</summary>
    public const string Resumed = "resumed";

    /// <summary>A configuration from an add command was applied.</summary>
    public const string Configured = "configured";

    /// <summary>Transitions the edge could not record (its history queue was full); detail says how many.</summary>
    public const string Gap = "gap";
}
