using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Ingest;

namespace CloudStatus.Functions.Tests.Support;

/// <summary>Builders for StatusBatch v1 test traffic.</summary>
internal static class Batches
{
    public const string Tenant = "tenant-a";
    public const string Site = "site-1";
    public const string Server = "srv-01";
    public const string Epoch = "epoch-1";

    public static readonly DateTimeOffset LocalTime = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static StatusRecord Rec(string localId, long seq, Health health = Health.Online, bool deleted = false, string? evt = null, string kind = ProducerKind.Device, string server = Server) => new()
    {
        ProducerId = server + "." + localId,
        Kind = kind,
        ParentId = server,
        Seq = seq,
        LocalTimestamp = LocalTime.AddSeconds(seq),
        Health = health,
        State = $$"""{"seq":{{seq}}}""",
        Deleted = deleted,
        Event = evt,
    };

    public static StatusBatch Batch(BatchKind kind, long from, long to, IReadOnlyList<StatusRecord>? records = null, string epoch = Epoch, string server = Server, string tenant = Tenant, string site = Site) => new()
    {
        TenantId = tenant,
        SiteId = site,
        ServerId = server,
        Epoch = epoch,
        SeqFrom = from,
        SeqTo = to,
        Kind = kind,
        SentAt = LocalTime,
        Records = records ?? [],
    };

    public static StatusBatch Periodic(long from, long to, params StatusRecord[] records) => Batch(BatchKind.Periodic, from, to, records);

    public static StatusBatch Heartbeat(long seq, HeapDigest? digest = null, string epoch = Epoch) =>
        Batch(BatchKind.Heartbeat, seq, seq, epoch: epoch) with { Digest = digest };

    public static HeapDigest Digest(params StatusRecord[] live) => new()
    {
        Count = live.Length,
        MaxSeq = live.Length == 0 ? 0 : live.Max(r => r.Seq),
        Hash = DigestHash.Format(live.Aggregate(0UL, (sum, r) => unchecked(sum + DigestHash.Of(r.ProducerId, r.Seq)))),
    };

    public static InboundMessage Message(StatusBatch batch, bool gzip = false, string? deviceId = null) => Message(BatchCodec.Encode(batch, gzip), gzip ? WireConstants.GzipEncoding : null, deviceId ?? batch.ServerId);

    public static InboundMessage Message(byte[] body, string? contentEncoding, string deviceId) => new()
    {
        DeviceId = deviceId,
        ModuleId = "cloudstatus",
        Body = body,
        ContentType = WireConstants.JsonContentType,
        ContentEncoding = contentEncoding,
        MessageId = Guid.NewGuid().ToString("N"),
    };
}
