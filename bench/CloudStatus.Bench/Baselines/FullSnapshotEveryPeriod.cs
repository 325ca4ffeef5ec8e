using CloudStatus.Bench.Cost;
using CloudStatus.Bench.Fleet;
using CloudStatus.Core.Wire;
using CloudStatus.Fleet;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Bench.Baselines;

/// <summary>
/// Baseline 2: every period each local server sends the latest reported state of all its producers as one StatusBatch
/// (encoded, gzip and split to the message limit by the product's own <see cref="BatchCodec"/>), and central overwrites
/// every record. No chatter filter, no diff.
/// </summary>
internal sealed class FullSnapshotEveryPeriod
{
    private readonly FleetModel _fleet;
    private readonly int _periodSeconds;
    private readonly CosmosCostModel _cost;
    private readonly Latest[][] _latest;
    private readonly long[] _seq;

    public FullSnapshotEveryPeriod(FleetModel fleet, int periodSeconds, CosmosCostModel cost)
    {
        _fleet = fleet;
        _periodSeconds = periodSeconds;
        _cost = cost;
        _latest = [.. fleet.Servers.Select(s => new Latest[s.Slots])];
        _seq = new long[fleet.Servers.Count];
    }

    public WireTally Tally { get; } = new("full snapshot every period");

    public void Observe(in FleetObservation o) => _latest[o.Server][o.Producer] = new Latest(true, o.Observation);

    /// <summary>Sends the snapshot of every server whose period falls on <paramref name="second"/> (servers are staggered).</summary>
    public void Tick(int second, DateTimeOffset now)
    {
        var period = _periodSeconds;
        foreach (var server in _fleet.Servers)
        {
            if (second % period == PhaseOf(server.Index, period))
            {
                Send(server, now);
            }
        }
    }

    public static int PhaseOf(int serverIndex, int periodSeconds) => (int)(((long)serverIndex * 7919) % periodSeconds);

    private void Send(FleetServer server, DateTimeOffset now)
    {
        var latest = _latest[server.Index];
        var records = new List<StatusRecord>(latest.Length);
        var from = _seq[server.Index] + 1;
        foreach (var entry in latest)
        {
            if (!entry.Seen)
            {
                continue;
            }

            var o = entry.Observation;
            records.Add(new StatusRecord
            {
                ProducerId = o.ProducerId,
                Kind = o.Kind,
                ParentId = o.ParentId,
                Seq = ++_seq[server.Index],
                LocalTimestamp = now,
                Health = o.Health,
                State = o.State,
            });
        }

        if (records.Count == 0)
        {
            return;
        }

        var batch = new StatusBatch
        {
            TenantId = BenchSpec.TenantOf(server.Index),
            SiteId = BenchSpec.SiteOf(server.Index),
            ServerId = server.ServerId,
            Epoch = "snapshot",
            SeqFrom = from,
            SeqTo = _seq[server.Index],
            Kind = BatchKind.Periodic,
            SentAt = now,
            Records = records,
        };
        foreach (var chunk in BatchCodec.EncodeSplit(batch, gzip: true))
        {
            var raw = BatchCodec.Encode(chunk.Batch, gzip: false).Length;
            Tally.AddMessage(raw, chunk.Body.Length, chunk.Body.Length);
            var perRecord = CosmosItems.SystemPropertyBytes + (raw / Math.Max(1, chunk.Batch.Records.Count));
            Tally.AddCentral(chunk.Batch.Records.Count, chunk.Batch.Records.Count * _cost.Write(perRecord));
        }
    }

    private readonly record struct Latest(bool Seen, Observation Observation);
}
