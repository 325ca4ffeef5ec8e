using BenchmarkDotNet.Attributes;
using CloudStatus.Bench.Pipeline;
using CloudStatus.Core.Heap;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using Microsoft.Extensions.Logging.Abstractions;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>
/// The heap side of a write: <see cref="HeapDiff.IsChange"/> against the stored record (unchanged → no write), and
/// <see cref="StatusHeap.WriteAsync"/> of 100 changed records (new sequence numbers, local timestamp, digest, seq log),
/// with a mirror that keeps nothing (its I/O is not measured). Per record.
/// </summary>
[MemoryDiagnoser]
public class HeapBenchmarks
{
    private const int Records = 100;
    private StatusHeap _heap = null!;
    private StatusRecord[] _stored = null!;
    private HeapWrite[][] _writes = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _heap = StatusHeap.OpenAsync(new BenchHeapMirror("epoch-bench"), new HeapOptions(), TimeProvider.System, NullLogger.Instance).GetAwaiter().GetResult();
        var records = MicroData.Records(Records, 1, DateTimeOffset.UnixEpoch);
        _writes = [.. new[] { Health.Online, Health.Offline }.Select(h => records.Select(r => new HeapWrite(r.ProducerId, r.Kind, r.ParentId, h, r.State, r.Config)).ToArray())];
        _heap.WriteAsync(_writes[0]).GetAwaiter().GetResult();
        _stored = [.. records.Select(r => _heap.Get(r.ProducerId)!)];
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "HeapDiff.IsChange, unchanged")]
    public int Diff()
    {
        var changes = 0;
        var writes = _writes[0];
        for (var i = 0; i < writes.Length; i++)
        {
            var w = writes[i];
            changes += HeapDiff.IsChange(_stored[i], w.Kind, w.ParentId, w.Health, w.State, w.Config, w.Silent, w.Flapping) ? 1 : 0;
        }

        return changes;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "StatusHeap.WriteAsync, 100 changed records")]
    public async Task<int> Write()
    {
        _round++;
        var written = await _heap.WriteAsync(_writes[_round % 2]).ConfigureAwait(false);
        return written.Count;
    }
}
