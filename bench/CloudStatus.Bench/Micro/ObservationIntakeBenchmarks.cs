using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>
/// The edge hot path: <see cref="EdgePipeline.Intake"/>'s <see cref="IObservationIntake.Post"/> (lookup, chatter filter,
/// change detection) for 10,000 producers already known. "Unchanged" is the steady state (a poll that reports the same
/// thing); "health flips" changes every producer's health on every call (each one a transition for the chatter filter),
/// then runs the writes that drain what the changes queued (the chatter filter soon holds the flapping health back, so
/// they write little).
/// </summary>
[MemoryDiagnoser]
public class ObservationIntakeBenchmarks
{
    private const int Producers = 10_000;
    private EdgePipeline _edge = null!;
    private IObservationIntake _intake = null!;
    private Observation[] _steady = null!;
    private Observation[] _flipped = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        _edge = MicroEdge.Open();
        _intake = _edge.Intake;
        _steady = MicroData.Observations(Producers);
        _flipped = [.. _steady.Select(o => o with { Health = Health.Offline })];
        foreach (var o in _steady)
        {
            _intake.Post(o);
        }

        _edge.RunAsyncWritesAsync().GetAwaiter().GetResult();
        _edge.RunPeriodicWriteAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _edge.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Producers, Description = "Post, unchanged (steady state)")]
    public void PostUnchanged()
    {
        foreach (ref readonly var o in _steady.AsSpan())
        {
            _intake.Post(o);
        }
    }

    [Benchmark(OperationsPerInvoke = Producers, Description = "Post, health flips (+ the writes that drain them)")]
    public async Task PostHealthFlips()
    {
        _flip = !_flip;
        var source = _flip ? _flipped : _steady;
        foreach (var o in source)
        {
            _intake.Post(o);
        }

        // What the writers do: drain the lists the changes went to.
        await _edge.RunAsyncWritesAsync().ConfigureAwait(false);
        await _edge.RunPeriodicWriteAsync().ConfigureAwait(false);
    }
}
