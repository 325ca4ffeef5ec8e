using System.Diagnostics;
using CloudStatus.Bench.Fleet;
using CloudStatus.Bench.Pipeline;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Management;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Upstream;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Bench.Scale;

/// <summary>
/// The scale run: every server's real edge pipeline (<see cref="EdgeServer"/>, real clock) gets all its producers (one
/// async write, one pump encoding StatusBatch chunks), then one steady round (every producer reports unchanged) and one
/// change round (a share changes; async, periodic write, pump). Memory is the managed heap's growth after full
/// collections, per producer, with everything alive; a sample of servers is also measured with the status heap alone
/// and the buffer alone.
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
        var heapAlone = await MeasureAsync(() => StatusHeapsAlone(sample, spec, cancellationToken), sampleProducers).ConfigureAwait(false);
        var bufferAlone = await MeasureAsync(() => BuffersAlone(sample, spec), sampleProducers).ConfigureAwait(false);
        var strings = ScaleFleet.Appearance(0, spec).Sum(o => (double)StringBytes(o.ProducerId) + StringBytes(o.State)) / spec.ProducersPerServer;
        progress?.Invoke($"  sample of {sample} servers: status heap alone {heapAlone:0} B/producer, buffer alone {bufferAlone:0} B/producer, id+state strings {strings:0} B/producer ({wall.Elapsed.TotalSeconds:0.0} s)");

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
                edge.Buffer.Post(o);
            }

            await edge.Management.RunAsyncWritesAsync(ct).ConfigureAwait(false);
            await edge.Upstream.PumpAsync(ct).ConfigureAwait(false);
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
                edge.Buffer.Post(o);
            }

            Interlocked.Add(ref postTicks, (ThreadCpuClock.Now - start).Ticks);
            await edge.Management.RunPeriodicWriteAsync(ct).ConfigureAwait(false);
            await edge.Upstream.PumpAsync(ct).ConfigureAwait(false);
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
                edge.Buffer.Post(new Observation(r.ProducerId, r.Kind, r.ParentId, r.Health == Health.Online ? Health.Degraded : Health.Online, r.State + " "));
            }

            await edge.Management.RunAsyncWritesAsync(ct).ConfigureAwait(false);
            await edge.Management.RunPeriodicWriteAsync(ct).ConfigureAwait(false);
            await edge.Upstream.PumpAsync(ct).ConfigureAwait(false);
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

    private static async Task<double> MeasureAsync(Func<Task<object>> build, long producers)
    {
        var before = SettledBytes();
        var kept = await build().ConfigureAwait(false);
        var after = SettledBytes();
        GC.KeepAlive(kept);
        return (after - before) / (double)producers;
    }

    private static async Task<object> StatusHeapsAlone(int servers, ScaleSpec spec, CancellationToken cancellationToken)
    {
        var heaps = new List<StatusHeap>(servers);
        for (var i = 0; i < servers; i++)
        {
            var heap = await StatusHeap.OpenAsync(new BenchHeapMirror("epoch-sample"), new HeapOptions(), TimeProvider.System, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
            var writes = ScaleFleet.Appearance(i, spec).Select(o => new HeapWrite(o.ProducerId, o.Kind, o.ParentId, o.Health, o.State, o.Config, Event: "add")).ToArray();
            await heap.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
            heaps.Add(heap);
        }

        return heaps;
    }

    private static Task<object> BuffersAlone(int servers, ScaleSpec spec)
    {
        var buffers = new List<ObservationBuffer>(servers);
        for (var i = 0; i < servers; i++)
        {
            var buffer = new ObservationBuffer(new ChatterOptions(), new EventRuleOptions(), new ConnectivityTracker(), TimeProvider.System);
            foreach (var o in ScaleFleet.Appearance(i, spec))
            {
                buffer.Post(o);
            }

            buffer.DrainAsync();
            buffer.DrainDirty();
            buffers.Add(buffer);
        }

        return Task.FromResult<object>(buffers);
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
