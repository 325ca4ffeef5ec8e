using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Bench.Micro;

/// <summary>Producers and records shaped like the simulated fleet's, for the micro-benchmarks.</summary>
internal static class MicroData
{
    public const string ServerId = "srv-0001";

    public static Observation[] Observations(int count, string serverId = ServerId)
    {
        var result = new Observation[count];
        for (var i = 0; i < count; i++)
        {
            var switchId = string.Create(CultureInfo.InvariantCulture, $"{serverId}.sw-{(i / 250) + 1:000}");
            result[i] = new Observation(
                string.Create(CultureInfo.InvariantCulture, $"{switchId}.dev-{(i % 250) + 1:000}"),
                ProducerKind.Device,
                switchId,
                Health.Online,
                string.Create(CultureInfo.InvariantCulture, $$"""{"extension":"{{1000 + i}}","calls":{{i % 10}}}"""));
        }

        return result;
    }

    public static StatusRecord[] Records(int count, long firstSeq, DateTimeOffset at, string serverId = ServerId)
    {
        var observations = Observations(count, serverId);
        var result = new StatusRecord[count];
        for (var i = 0; i < count; i++)
        {
            var o = observations[i];
            result[i] = new StatusRecord
            {
                ProducerId = o.ProducerId,
                Kind = o.Kind,
                ParentId = o.ParentId,
                Seq = firstSeq + i,
                LocalTimestamp = at,
                Health = ((firstSeq + i) % 3) switch { 0 => Health.Online, 1 => Health.Degraded, _ => Health.Offline },
                State = o.State,
            };
        }

        return result;
    }

    public static StatusBatch Batch(IReadOnlyList<StatusRecord> records, DateTimeOffset at) => new()
    {
        TenantId = "tenant-01",
        SiteId = "site-0001",
        ServerId = ServerId,
        Epoch = "epoch-" + ServerId,
        SeqFrom = records[0].Seq,
        SeqTo = records[^1].Seq,
        Kind = BatchKind.Periodic,
        SentAt = at,
        Records = records,
    };
}
