using CloudStatus.Core.Central;
using CloudStatus.Core.Consistency;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Consistency;

/// <summary>Central's rows, batches and planner runs for the <see cref="ApplyPlanner"/> tests; fresh objects each call.</summary>
internal static class CentralRows
{
    public const string Tenant = "tenant-a";
    public const string Site = "site-1";
    public const string Server = "srv-01";
    public const string Epoch = "e-1";

    public static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    public static ProducerState Row(string id, long seq, Health health = Health.Online, bool deleted = false, bool stale = false, string epoch = Epoch) => new()
    {
        TenantId = Tenant,
        ServerId = Server,
        ProducerId = id,
        Kind = ProducerKind.Device,
        ParentId = Server,
        Epoch = epoch,
        Seq = seq,
        Health = health,
        LocalTimestamp = Now.AddMinutes(-10),
        CentralTimestamp = Now.AddMinutes(-10),
        Deleted = deleted,
        Stale = stale,
    };

    /// <summary>An online server whose digest and counts are those of <paramref name="rows"/>' live rows of its epoch.</summary>
    public static ServerState ServerOf(long watermark, params ProducerState[] rows)
    {
        var live = rows.Where(r => !r.Deleted && r.Epoch == Epoch).ToList();
        return new ServerState
        {
            ServerId = Server,
            TenantId = Tenant,
            SiteId = Site,
            Epoch = Epoch,
            Watermark = watermark,
            LiveCount = live.Count,
            DigestHash = HashOf(live.Select(r => (r.ProducerId, r.Seq))),
            Counts = new HealthCounts(
                live.Count(r => r.Health == Health.Online),
                live.Count(r => r.Health == Health.Degraded),
                live.Count(r => r.Health == Health.Offline),
                live.Count(r => r.Health == Health.Unknown)),
            Online = true,
            RegisteredAt = Now.AddDays(-1),
            LastBatchAt = Now.AddMinutes(-1),
        };
    }

    public static StatusRecord Rec(string id, long seq, Health health = Health.Online, bool deleted = false, string? evt = null) => new()
    {
        ProducerId = id,
        Kind = ProducerKind.Device,
        ParentId = Server,
        Seq = seq,
        LocalTimestamp = Now.AddSeconds(-seq),
        Health = health,
        State = $$"""{"seq":{{seq}}}""",
        Deleted = deleted,
        Event = evt,
    };

    public static StatusBatch Batch(BatchKind kind, long from, long to, params StatusRecord[] records) => new()
    {
        TenantId = Tenant,
        SiteId = Site,
        ServerId = Server,
        Epoch = Epoch,
        SeqFrom = from,
        SeqTo = to,
        Kind = kind,
        SentAt = Now.AddSeconds(-2),
        Records = records,
    };

    public static StatusBatch Heartbeat(long seq, HeapDigest? digest) => Batch(BatchKind.Heartbeat, seq, seq) with { Digest = digest };

    /// <summary>The edge's digest of the given live (producerId, seq) pairs, computed without the product's accumulator.</summary>
    public static HeapDigest Digest(params (string Id, long Seq)[] live) => new()
    {
        Count = live.Length,
        MaxSeq = live.Length == 0 ? 0 : live.Max(r => r.Seq),
        Hash = DigestHash.Format(HashOf(live)),
    };

    public static ulong HashOf(IEnumerable<(string Id, long Seq)> live) =>
        live.Aggregate(0UL, (sum, r) => unchecked(sum + DigestHash.Of(r.Id, r.Seq)));

    /// <summary>The input as the ingestor builds it: the stored rows of the batch's producers, and every row when asked.</summary>
    public static ApplyInput Input(ServerState? server, StatusBatch batch, IReadOnlyList<ProducerState> rows, bool all, int bytes = 100)
    {
        var ids = batch.Records.Select(r => r.ProducerId).ToHashSet(StringComparer.Ordinal);
        return new ApplyInput
        {
            Batch = batch,
            Bytes = bytes,
            Server = server,
            Stored = rows.Where(p => ids.Contains(p.ProducerId)).ToDictionary(p => p.ProducerId, StringComparer.Ordinal),
            All = all ? rows : null,
            Now = Now,
            ResyncCooldown = Cooldown,
        };
    }

    /// <summary>Plans with every stored row given (the planner never needs more).</summary>
    public static ApplyPlan Plan(ServerState? server, StatusBatch batch, params ProducerState[] rows)
    {
        Assert.True(ApplyPlanner.TryPlan(Input(server, batch, rows, all: true), out var plan));
        return plan;
    }

    /// <summary>Plans with only the batch's rows, as the ingestor first tries; null when the planner asks for every row.</summary>
    public static ApplyPlan? PlanWithoutAllRows(ServerState? server, StatusBatch batch, params ProducerState[] rows) =>
        ApplyPlanner.TryPlan(Input(server, batch, rows, all: false), out var plan) ? plan : null;

    public static ProducerState Written(this ApplyPlan plan, string id) => Assert.Single(plan.Writes, w => w.ProducerId == id);
}
