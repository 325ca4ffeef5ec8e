using CloudStatus.Core.Central;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Api;

/// <summary>Stored rows to API shapes.</summary>
internal static class ApiMapping
{
    public static ServerDto ToDto(this ServerState s) => new(
        s.ServerId,
        s.SiteId,
        s.TenantId,
        s.Online,
        s.LastHeartbeat,
        s.ClockOffsetMs,
        s.Watermark,
        s.Epoch,
        new IngestCountersDto(s.Batches, s.Records, s.Bytes, s.FencedBatches),
        new HealthCountsDto(s.Counts.Online, s.Counts.Degraded, s.Counts.Offline, s.Counts.Unknown),
        s.StaleCount,
        s.Registration is { } r
            ? new RegistrationDto(
                r.Registration.SoftwareVersion, r.Registration.Adapters, r.Registration.ProducerKinds, r.Registration.Subtrees,
                r.Registration.FailoverPeer, r.Registration.LanAddress, r.Accepted, r.Reason, r.ReceivedAt)
            : null,
        PeerLoss: s.PeerLoss is { } loss ? new PeerLossDto(loss.ServerId, loss.LostSince) : null);

    public static FailoverDto ToDto(this Core.Ownership.Lease l) => new(
        l.PrimaryId, l.PeerId, l.HolderId, l.Token, l.Phase.ToString(), l.Signal, l.ChangedAt, l.Takeovers, l.Handbacks);

    public static ProducerDto ToDto(this ProducerState p) => new(
        p.ProducerId, p.Kind, p.ParentId, p.ServerId, p.Health, p.State, p.Config, p.Seq,
        p.LocalTimestamp, p.CentralTimestamp, p.Stale, p.Silent, p.Flapping, p.Deleted, p.Mac, p.Ip);

    public static SiteDto ToDto(this Core.Rollups.SiteRollup r, DateTimeOffset builtAt) => new(
        r.TenantId, r.SiteId, r.Overall, r.Servers, r.ServersOnline,
        new HealthCountsDto(r.Online, r.Degraded, r.Offline, r.Unknown), r.Stale, builtAt);

    public static ConnectivityDto ToConnectivityDto(this TenantView v) => new(
        v.TenantId,
        v.BuiltAt,
        [.. v.Connectivity.Select(c => new ServerMatrixDto(c.ServerId, c.SiteId, c.Switches, c.Rows, c.ReachablePairs, c.UnreachablePairs))],
        [.. v.SiteConnectivity.Select(c => c.ToDto(v))]);

    public static SiteMatrixDto ToDto(this SiteConnectivity c, TenantView v) => new(
        v.TenantId, c.SiteId, v.BuiltAt, c.Servers, c.Switches, c.SwitchServers, c.Rows, c.ReachablePairs, c.UnreachablePairs);

    public static EventDto ToDto(this StatusEvent e) => new(
        e.EventId, e.TenantId, e.ServerId, e.ProducerId, e.Type, e.Health, e.Seq, e.LocalTimestamp, e.CentralTimestamp);

    public static CommandDto ToDto(this CommandRecord c) => new(
        c.CommandId, c.ProducerId, c.ServerId, c.Action, c.Status, c.RequestedAt, c.CompletedAt, c.Result, c.RequestedBy);
}
