namespace CloudStatus.Core.Model;

/// <summary>
/// Well-known producer kinds. Kinds travel as plain strings so that a new kind of equipment
/// needs no schema change; these constants are the ones the system itself reasons about.
/// </summary>
public static class ProducerKind
{
    public const string Server = "server";
    public const string Switch = "switch";
    public const string Device = "device";
    public const string Port = "port";
    public const string Trunk = "trunk";
    public const string Fan = "fan";
    public const string LocalService = "localService";

    /// <summary>An operating-system process the edge module supervises (issue 12), under its server.</summary>
    public const string Process = "process";

    /// <summary>Kinds a switch's connectivity list and the connectivity matrix are about.</summary>
    public static bool IsSwitch(string kind) => string.Equals(kind, Switch, StringComparison.Ordinal);
}
