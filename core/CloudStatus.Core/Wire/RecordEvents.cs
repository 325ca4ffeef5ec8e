namespace CloudStatus.Core.Wire;

/// <summary>Values of <see cref="StatusRecord.Event"/>: the event rules (E4) that write at once, between periods.</summary>
public static class RecordEvents
{
    public const string Reboot = "reboot";
    public const string Add = "add";
    public const string Delete = "delete";
    public const string HealthChange = "healthChange";
    public const string Silent = "silent";
    public const string Flapping = "flapping";
}
