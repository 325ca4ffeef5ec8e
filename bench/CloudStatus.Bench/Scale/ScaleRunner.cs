using System.Diagnostics;
using CloudStatus.Bench.Fleet;
using CloudStatus.Bench.Pipeline;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Bench.Scale;

/// <summary>
/// The scale run: every server's real edge pipeline (<see cref="EdgeServer"/>, real clock) gets all its producers (one
/// async write, one pump encoding StatusBatch chunks), then one steady round (every producer reports unchanged) and one
/// change round (a share changes; async, periodic write, pump). Memory is the managed heap's growth after full
/// collections, per producer, with everything alive (buffer, heap and the uplink's delta baselines); a sample of servers
/// is also measured with every producer posted but not written (the buffer's share), written (the status heap's share is
/// the difference) and sent (the uplink's share is the difference).
/// </summary>
internal static class ScaleRunner
{
    private const int SampleServers = 10;

    public static async Task<ScaleResult> RunAsync(ScaleSpec spec, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var wall = Stopwatch.StartNew();
        var cpuStart = Cpu();
        var gcBefore = GC.CollectionCount(0);
        var sample = Math.Min(SampleServers, spec.Servers);
        var sampleProducers = (long)sample * spec.ProducersPerServer;
        var bufferAlone = await MeasureAsync(() => BuffersAloneAsync(sample, spec, cancellationToken), sampleProducers).ConfigureAwait(false);
        var written = await MeasureAsync(() => PipelinesAsync(sample, spec, Stage.Written, cancellationToken), sampleProducers).ConfigureAwait(false);
        var sent = await MeasureAsync(() => PipelinesAsync(sample, spec, Stage.Sent, cancellationToken), sampleProducers).ConfigureAwait(false);
        var heapAlone = written - bufferAlone;
        var uplinkAlone = sent - written;
        var strings = ScaleFleet.Appearance(0, spec).Sum(o => (double)Utf8IdBytes(o.ProducerId) + Utf8ArrayBytes(o.State)) / spec.ProducersPerServer;
        progress?.Invoke($"  sample of {sample} servers: uplink's delta baselines on top of the heap {uplinkAlone:0} B/producer, status heap on top of the buffer {heapAlone:0} B/producer, buffer with nothing written {bufferAlone:0} B/producer, UTF-8 id and state {strings:0} B/producer ({wall.Elapsed.TotalSeconds:0.0} s)");

        var fleetSpec = new BenchSpec();
        var transport = new CountingTransport();
        var edges = new EdgeServer[spec.Servers];
        var options = new ParallelOptions { MaxDegreeOfParallelism = spec.Parallelism, CancellationToken = cancellationToken };
        var before = SettledBytes();
        var infoBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        var done = 0;
        var populate = Stopwatch.StartNew();
        var populateCpu = Cpu();
        await Parallel.ForAsync(0, spec.Servers, options, async (i, ct) =>
        {
            var serverId = ScaleFleet.ServerId(i);
            var edge = await EdgeServer.StartAsync("tenant-01", "site-01", serverId, 0, fleetSpec, transport, TimeProvider.System, ct).ConfigureAwait(false);
            foreach (var o in ScaleFleet.Appearance(i, spec))
            {
                edge.Intake.Post(o);
            }

            await edge.Pipeline.RunAsyncWritesAsync(ct).ConfigureAwait(false);
            await edge.Pipeline.PumpAsync(ct).ConfigureAwait(false);
            edges[i] = edge;
            Report(progress, Interlocked.Increment(ref done), spec, "populated", wall);
        }).ConfigureAwait(false);
        populate.Stop();
        populateCpu = Cpu() - populateCpu;
        var after = SettledBytes();
        var infoAfter = GC.GetGCMemoryInfo().HeapSizeBytes;
        var perProducer = (after - before) / (double)spec.TotalProducers;
        var perProducerInfo = (infoAfter - infoBefore) / (double)spec.TotalProducers;
        progress?.Invoke($"  {spec.TotalProducers:N0} producers alive: {perProducer:0} B/producer (GetTotalMemory), {perProducerInfo:0} B/producer (GCMemoryInfo), {after / 1e9:0.00} GB managed ({wall.Elapsed.TotalSeconds:0.0} s)");

        // Steady round: every producer reports what it reported before (the adapter's own strings, as a poller keeps them).
        done = 0;
        long postTicks = 0;
        var steady = Stopwatch.StartNew();
        var steadyCpu = Cpu();
        await Parallel.ForAsync(0, spec.Servers, options, async (i, ct) =>
        {
            var edge = edges[i];
            var observations = edge.Heap.Records().Select(r => new Observation(r.ProducerId, r.Kind, r.ParentId, r.Health, r.State)).ToArray();
            var start = ThreadCpuClock.Now;
            foreach (ref readonly var o in observations.AsSpan())
            {
                edge.Intake.Post(o);
            }

            Interlocked.Add(ref postTicks, (ThreadCpuClock.Now - start).Ticks);
            await edge.Pipeline.RunPeriodicWriteAsync(ct).ConfigureAwait(false);
            await edge.Pipeline.PumpAsync(ct).ConfigureAwait(false);
            Report(progress, Interlocked.Increment(ref done), spec, "steady round", wall);
        }).ConfigureAwait(false);
        steady.Stop();
        steadyCpu = Cpu() - steadyCpu;

        // Change round: a share of the producers report a new state (and devices a new health).
        done = 0;
        var messagesBefore = transport.Messages;
        var bytesBefore = transport.Bytes;
        var recordsBefore = edges.Sum(e => e.Mirror.RecordsPersisted);
        var step = spec.ChangeShare <= 0 ? int.MaxValue : Math.Max(1, (int)Math.Round(1 / spec.ChangeShare));
        var change = Stopwatch.StartNew();
        var changeCpu = Cpu();
        await Parallel.ForAsync(0, spec.Servers, options, async (i, ct) =>
        {
            var edge = edges[i];
            var records = edge.Heap.Records();
            for (var p = i % step; p < records.Count; p += step)
            {
                var r = records[p];
                edge.Intake.Post(new Observation(r.ProducerId, r.Kind, r.ParentId, r.Health == Health.Online ? Health.Degraded : Health.Online, r.State + " "));
            }

            await edge.Pipeline.RunAsyncWritesAsync(ct).ConfigureAwait(false);
            await edge.Pipeline.RunPeriodicWriteAsync(ct).ConfigureAwait(false);
            await edge.Pipeline.PumpAsync(ct).ConfigureAwait(false);
            Report(progress, Interlocked.Increment(ref done), spec, "change round", wall);
        }).ConfigureAwait(false);
        change.Stop();
        changeCpu = Cpu() - changeCpu;
        var changed = edges.Sum(e => e.Mirror.RecordsPersisted) - recordsBefore;
        var result = new ScaleResult
        {
            Spec = spec,
            BytesPerProducer = perProducer,
            HeapInfoBytesPerProducer = perProducerInfo,
            StatusHeapBytesPerProducer = heapAlone,
            UplinkBytesPerProducer = uplinkAlone,
            BufferBytesPerProducer = bufferAlone,
            StringBytesPerProducer = strings,
            PopulateTime = populate.Elapsed,
            SteadyRoundTime = steady.Elapsed,
            SteadyPostCpuTime = TimeSpan.FromTicks(postTicks),
            ChangeRoundTime = change.Elapsed,
            ChangedRecords = changed,
            Messages = messagesBefore,
            Bytes = bytesBefore,
            ChangeMessages = transport.Messages - messagesBefore,
            ChangeBytes = transport.Bytes - bytesBefore,
            WallTime = wall.Elapsed,
            CpuTime = Cpu() - cpuStart,
            PopulateCpuTime = populateCpu,
            SteadyCpuTime = steadyCpu,
            ChangeCpuTime = changeCpu,
            GcCollections = GC.CollectionCount(0) - gcBefore,
        };
        foreach (var edge in edges)
        {
            await edge.DisposeAsync().ConfigureAwait(false);
        }

        return result;
    }

    private static TimeSpan Cpu()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The managed heap after full, compacting collections.</summary>
    internal static long SettledBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Size of a string object on 64-bit .NET: header, method table, length, UTF-16 chars and terminator, 8-byte aligned.</summary>
    internal static long StringBytes(string? value) => value is null ? 0 : ((22 + (2L * value.Length)) + 7) / 8 * 8;

    /// <summary>An id as the edge keeps it (docs/adr/0165): its UTF-8 bytes in the index's shared pages, no object of its own.</summary>
    internal static long Utf8IdBytes(string value) => System.Text.Encoding.UTF8.GetByteCount(value);

    /// <summary>A state as the edge keeps it: a byte array of its UTF-8 (header, method table, length, bytes, 8-byte aligned).</summary>
    internal static long Utf8ArrayBytes(string? value) => value is null ? 0 : (24 + System.Text.Encoding.UTF8.GetByteCount(value) + 7) / 8 * 8;

    private static async Task<double> MeasureAsync(Func<Task<object>> build, long producers)
    {
        var before = SettledBytes();
        var kept = await build().ConfigureAwait(false);
        var after = SettledBytes();
        GC.KeepAlive(kept);
        if (kept is IEnumerable<IAsyncDisposable> disposables)
        {
            foreach (var disposable in disposables)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }

        return (after - before) / (double)producers;
    }

    /// <summary>Pipelines with every producer posted once and nothing written: the buffer's share (the empty heap is a few hundred bytes per server).</summary>
    private static Task<object> BuffersAloneAsync(int servers, ScaleSpec spec, CancellationToken cancellationToken) =>
        PipelinesAsync(servers, spec, Stage.Posted, cancellationToken);

    /// <summary>
    /// How far the sample's pipelines go: posted (the buffer), written to the heap (the heap's share is the difference),
    /// sent and acknowledged (the uplink's delta baselines are the difference).
    /// </summary>
    private enum Stage
    {
        Posted,
        Written,
        Sent,
    }

    private static async Task<object> PipelinesAsync(int servers, ScaleSpec spec, Stage stage, CancellationToken cancellationToken)
    {
        var pipelines = new List<EdgeServer>(servers);
        var transport = new CountingTransport();
        for (var i = 0; i < servers; i++)
        {
            var edge = await EdgeServer.StartAsync("tenant-01", "site-01", ScaleFleet.ServerId(i), 0, new BenchSpec(), transport, TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
            foreach (var o in ScaleFleet.Appearance(i, spec))
            {
                edge.Intake.Post(o);
            }

            if (stage >= Stage.Written)
            {
                await edge.Pipeline.RunAsyncWritesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (stage >= Stage.Sent)
            {
                await edge.Pipeline.PumpAsync(cancellationToken).ConfigureAwait(false);
            }

            pipelines.Add(edge);
        }

        return pipelines;
    }

    private static void Report(Action<string>? progress, int done, ScaleSpec spec, string phase, Stopwatch wall)
    {
        var every = Math.Max(1, spec.Servers / 10);
        if (progress is not null && (done % every == 0 || done == spec.Servers))
        {
            progress($"  {phase}: {done:N0}/{spec.Servers:N0} servers ({(long)done * spec.ProducersPerServer:N0} producers), {wall.Elapsed.TotalSeconds:0.0} s");
        }
    }
}
