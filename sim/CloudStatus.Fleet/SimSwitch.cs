namespace CloudStatus.Fleet;

/// <summary>A switch's outage state: rebooting or dark until the given second.</summary>
internal sealed class SimSwitch(int producerIndex)
{
    public int ProducerIndex { get; } = producerIndex;

    /// <summary>The MAC and IP address its management API tells (normalized forms).</summary>
    public string Mac { get; set; } = string.Empty;

    public string Ip { get; set; } = string.Empty;
    public bool Rebooting { get; set; }
    public bool Dark { get; set; }
    public bool Removed { get; set; }
    public int Until { get; set; }

    /// <summary>Its management endpoint accepts requests and never answers (a fault injected by hand).</summary>
    public bool Hung { get; set; }
    public bool Silent => Rebooting || Dark;
}
