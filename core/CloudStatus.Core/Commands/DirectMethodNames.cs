namespace CloudStatus.Core.Commands;

/// <summary>Direct methods the CloudStatus edge module answers (E9).</summary>
public static class DirectMethodNames
{
    public const string Reboot = "reboot";

    /// <summary>Give a producer a new IP address (an address conflict resolved automatically, docs/adr/0110).</summary>
    public const string Readdress = "readdress";
    /// <summary>
    /// A producer's address changed (applied by the journal, or readdressed by a conflict's resolution, docs/adr/0150):
    /// the site's servers and the duplexed peer point their adapters that reached it at the old IP to the new one.
    /// </summary>
    public const string Address = "address";
    public const string Add = "add";
    public const string Delete = "delete";
    public const string Resync = "resync";
    public const string History = "history";

    /// <summary>Central tells a server its neighbours (docs/adr/0146); payload <see cref="NeighboursRequest"/>.</summary>
    public const string Neighbours = "neighbours";

    /// <summary>Start a supervised process (a <c>process</c> producer) held by a stop or a crash loop.</summary>
    public const string Start = "start";

    /// <summary>Stop a supervised process and its dependants; it stays stopped until a start.</summary>
    public const string Stop = "stop";

    /// <summary>The module id the CloudStatus module runs under on every IoT Edge device (= local server).</summary>
    public const string DefaultModuleId = "cloudstatus";
}
