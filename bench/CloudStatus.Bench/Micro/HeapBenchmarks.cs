using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Heap;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>
/// The heap side of a write: <see cref="HeapDiff.IsChange"/> against the stored record (unchanged → no write), and the
/// periodic write of 100 producers whose state changed (drain, diff against the heap's slots, new sequence numbers, local
/// timestamp, digest, the records handed to the mirror), with a mirror that keeps nothing (its I/O is not measured). Per
/// record. The diff benchmark compares the benchmark's own <c>StatusRecord</c>s: the edge itself diffs on its slots.
/// </summary>
[MemoryDiagnoser]
public class HeapBenchmarks
{
    private const int Records = 100;
    private EdgePipeline _edge = null!;
    private StatusRecord[] _stored = null!;
    private Observation[][] _rounds = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _edge = MicroEdge.Open();
        var observations = MicroData.Observations(Records);
        _rounds = [observations, [.. observations.Select(o => o with { State = o.State!.Replace("\"calls\":", "\"calls\":1", StringComparison.Ordinal) })]];
        foreach (var o in _rounds[0])
        {
            _edge.Intake.Post(o);
        }

        _edge.RunAsyncWritesAsync().GetAwaiter().GetResult(); // new producers are async adds
        _edge.RunPeriodicWriteAsync().GetAwaiter().GetResult();
        _stored = [.. observations.Select(o => _edge.Heap.Get(o.ProducerId)!)];
    }

    [GlobalCleanup]
    public void Cleanup() => _edge.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Records, Description = "HeapDiff.IsChange, unchanged")]
    public int Diff()
    {
        var changes = 0;
        var round = _rounds[0];
        for (var i = 0; i < round.Length; i++)
        {
            var o = round[i];
            changes += HeapDiff.IsChange(_stored[i], o.Kind, o.ParentId, o.Health, o.State, o.Config, silent: false, flapping: false) ? 1 : 0;
        }

        return changes;
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "Periodic write, 100 changed records")]
    public async Task<int> Write()
    {
        _round++;
        foreach (var o in _rounds[_round % 2])
        {
            _edge.Intake.Post(o);
        }

        return await _edge.RunPeriodicWriteAsync().ConfigureAwait(false);
    }
}
