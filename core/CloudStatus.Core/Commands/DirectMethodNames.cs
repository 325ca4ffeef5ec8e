namespace CloudStatus.Core.Commands;

/// <summary>Direct methods the CloudStatus edge module answers (E9).</summary>
public static class DirectMethodNames
{
    public const string Reboot = "reboot";
    public const string Add = "add";
    public const string Delete = "delete";
    public const string Resync = "resync";
    public const string History = "history";

    /// <summary>The module id the CloudStatus module runs under on every IoT Edge device (= local server).</summary>
    public const string DefaultModuleId = "cloudstatus";
}
