using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Management;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Upstream;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>
/// The edge hot path: <see cref="ObservationBuffer.Post"/> (lookup, chatter filter, change detection) for 10,000
/// producers already known. "Unchanged" is the steady state (a poll that reports the same thing); "health flips"
/// changes every producer's health on every call (each one a transition for the chatter filter).
/// </summary>
[MemoryDiagnoser]
public class ObservationIntakeBenchmarks
{
    private const int Producers = 10_000;
    private ObservationBuffer _buffer = null!;
    private Observation[] _steady = null!;
    private Observation[] _flipped = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new ObservationBuffer(new ChatterOptions(), new EventRuleOptions(), new ConnectivityTracker(), TimeProvider.System);
        _steady = MicroData.Observations(Producers);
        _flipped = [.. _steady.Select(o => o with { Health = Health.Offline })];
        foreach (var o in _steady)
        {
            _buffer.Post(o);
        }

        _buffer.DrainAsync();
        _buffer.DrainDirty();
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark(OperationsPerInvoke = Producers, Description = "Post, unchanged (steady state)")]
    public void PostUnchanged()
    {
        foreach (ref readonly var o in _steady.AsSpan())
        {
            _buffer.Post(o);
        }
    }

    [Benchmark(OperationsPerInvoke = Producers, Description = "Post, health flips")]
    public void PostHealthFlips()
    {
        _flip = !_flip;
        var source = _flip ? _flipped : _steady;
        foreach (ref readonly var o in source.AsSpan())
        {
            _buffer.Post(o);
        }

        // What the writers do every period: drain the lists the changes went to.
        _buffer.DrainAsync();
        _buffer.DrainDirty();
    }
}
