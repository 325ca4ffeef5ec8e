using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>The chatter filter alone: <see cref="ChatterFilter.Observe"/> on 10,000 states, stable or bouncing.</summary>
[MemoryDiagnoser]
public class ChatterFilterBenchmarks
{
    private const int States = 10_000;
    private readonly ChatterFilter _filter = new(new ChatterOptions());
    private readonly ChatterState[] _states = new ChatterState[States];
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < States; i++)
        {
            _filter.Observe(ref _states[i], Health.Online, 0);
        }
    }

    [Benchmark(OperationsPerInvoke = States, Description = "Observe, stable")]
    public int ObserveStable()
    {
        _now += 1_000;
        var changed = 0;
        for (var i = 0; i < _states.Length; i++)
        {
            changed += (int)_filter.Observe(ref _states[i], Health.Online, _now);
        }

        return changed;
    }

    [Benchmark(OperationsPerInvoke = States, Description = "Observe, bouncing")]
    public int ObserveBouncing()
    {
        _now += 1_000;
        var health = (_now / 1_000) % 2 == 0 ? Health.Online : Health.Offline;
        var changed = 0;
        for (var i = 0; i < _states.Length; i++)
        {
            changed += (int)_filter.Observe(ref _states[i], health, _now);
        }

        return changed;
    }
}
