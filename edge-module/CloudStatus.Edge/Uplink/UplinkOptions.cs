using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Uplink;

/// <summary>Who this server is upstream and how the pump sends.</summary>
internal sealed record UplinkOptions
{
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }
    public required string ServerId { get; init; }

    /// <summary>A heartbeat goes up every interval in which nothing else was sent.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    public bool Gzip { get; init; } = true;

    /// <summary>First retry delay after a failed send; doubles per failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxMessageBytes { get; init; } = WireConstants.MaxMessageBytes;

    /// <summary>What the server registers with central (docs/adr/0121); null sends none.</summary>
    public ServerRegistration? Registration { get; init; }

    /// <summary>The peer link's current loss, read for every batch (docs/adr/0147); null when nothing is lost or no link runs.</summary>
    public Func<PeerLinkLoss?>? PeerLoss { get; init; }

    /// <summary>The failover leases this server holds as central last told it (docs/adr/0148), read for every batch; null when none.</summary>
    public Func<IReadOnlyDictionary<string, long>?>? Fences { get; init; }

    /// <summary>The delay before retry number <paramref name="consecutiveFailures"/> (1-based).</summary>
    public TimeSpan RetryDelay(int consecutiveFailures)
    {
        var factor = Math.Pow(2, Math.Clamp(consecutiveFailures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryInitialDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay < RetryInitialDelay ? RetryInitialDelay : delay;
    }
}
