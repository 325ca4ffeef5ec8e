using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Support;

/// <summary>Builders for valid batches and records; each call returns fresh objects.</summary>
internal static class Batches
{
    public static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static StatusRecord Record(string producerId, long seq, string? state = null, Health health = Health.Online) => new()
    {
        ProducerId = producerId,
        Kind = ProducerKind.Device,
        ParentId = "srv-01.sw-01",
        Seq = seq,
        LocalTimestamp = At.AddMilliseconds(seq),
        Health = health,
        State = state,
    };

    public static StatusBatch Batch(long seqFrom, long seqTo, IReadOnlyList<StatusRecord>? records = null, BatchKind kind = BatchKind.Periodic) => new()
    {
        TenantId = "tenant-a",
        SiteId = "site-1",
        ServerId = "srv-01",
        Epoch = "e-7f3a",
        SeqFrom = seqFrom,
        SeqTo = seqTo,
        Kind = kind,
        SentAt = At,
        Records = records ?? [],
    };

    /// <summary>A batch of <paramref name="count"/> records with seqs 1..count, each carrying a state of about <paramref name="stateBytes"/> bytes.</summary>
    public static StatusBatch Large(int count, int stateBytes)
    {
        var records = new StatusRecord[count];
        for (var i = 0; i < count; i++)
        {
            var filler = new string((char)('a' + (i % 26)), stateBytes);
            records[i] = Record($"srv-01.sw-01.dev-{i:D5}", i + 1, $$"""{"note":"{{filler}}","i":{{i}}}""");
        }

        return Batch(1, count, records);
    }

    /// <summary>A batch with every optional member set, so the serializer writes every property.</summary>
    public static StatusBatch FullyPopulated() => Batch(10, 12, kind: BatchKind.Resync) with
    {
        Records =
        [
            new StatusRecord
            {
                ProducerId = "srv-01.sw-01.dev-001",
                Kind = ProducerKind.Device,
                ParentId = "srv-01.sw-01",
                Seq = 11,
                LocalTimestamp = At,
                Health = Health.Degraded,
                State = """{"calls":2,"temp":41.5}""",
                Config = """{"ip":"10.0.0.7"}""",
                Deleted = true,
                Silent = true,
                Event = RecordEvents.Reboot,
                Flapping = true,
            },
        ],
        Connectivity =
        [
            new ConnectivityEntry { SwitchId = "srv-01.sw-01", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw-02"] },
        ],
        Digest = new HeapDigest { Count = 1, MaxSeq = 12, Hash = DigestHash.Format(DigestHash.Of("srv-01.sw-01.dev-001", 11)) },
    };
}
