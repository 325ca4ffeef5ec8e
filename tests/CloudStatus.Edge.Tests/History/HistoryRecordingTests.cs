using CloudStatus.Edge.Heap;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Uplink;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.History;

/// <summary>What the buffer records (every raw transition, nothing per steady observation) and how the writer batches it.</summary>
public sealed class HistoryRecordingTests : IDisposable
{
    private const string Dev = "srv-01.sw-01.dev-001";
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Post_Flapping_RecordsEveryRawTransitionTheFilterHoldsBack()
    {
        var recorder = new HistoryRecorder("srv-01", 1000, _time);
        using var buffer = NewBuffer(recorder);
        buffer.Post(Device(Health.Online));
        buffer.DrainAsync();
        foreach (var health in new[] { Health.Offline, Health.Online, Health.Offline, Health.Online, Health.Offline })
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            buffer.Post(Device(health));
            buffer.Post(Device(health)); // a repeat is not a transition
        }

        var recorded = recorder.Drain();

        Assert.True(buffer.TryGet(Dev, out var view) && view.Flapping && view.Health == Health.Online, "the filtered view holds the stable health");
        Assert.Equal(
            ["appeared:online", "health:offline", "health:online", "health:offline", "health:online", "flappingStarted:online", "health:offline"],
            recorded.Select(t => $"{t.Type}:{t.Health?.ToString().ToLowerInvariant()}"));
        Assert.Equal(Health.Online, recorded[^1].PreviousHealth);
        Assert.Equal(_time.GetUtcNow(), recorded[^1].At);
    }

    [Fact]
    public void Post_SteadyStateWithHistory_AllocatesNothingAndRecordsNothing()
    {
        var recorder = new HistoryRecorder("srv-01", 1000, _time);
        using var buffer = NewBuffer(recorder);
        var observations = Enumerable.Range(0, 500).Select(i => new Observation($"srv-01.sw-01.dev-{i:000}", ProducerKind.Device, "srv-01.sw-01", Health.Online)).ToArray();
        foreach (var o in observations)
        {
            buffer.Post(o);
        }

        recorder.Drain();
        var allocated = SteadyAllocation.Least(() =>
        {
            for (var round = 0; round < 20; round++)
            {
                foreach (var o in observations)
                {
                    buffer.Post(o);
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, recorder.Pending);
    }

    [Fact]
    public void Record_PastCapacity_CountsTheRestIntoOneGapEvent()
    {
        var recorder = new HistoryRecorder("srv-01", 3, _time);
        for (var i = 0; i < 10; i++)
        {
            recorder.Record($"p{i}", LocalEventTypes.Reboot);
        }

        var batch = recorder.Drain();

        Assert.Equal(["p0", "p1", "p2", "srv-01"], batch.Select(t => t.ProducerId));
        Assert.Equal(LocalEventTypes.Gap, batch[^1].Type);
        Assert.StartsWith("7 transitions", batch[^1].Detail, StringComparison.Ordinal);
        Assert.Empty(recorder.Drain());
    }

    [Fact]
    public async Task FlushAsync_WritesOneBatchAndPruneDropsPastRetention()
    {
        var options = new HistoryOptions { Retention = TimeSpan.FromHours(1) };
        var recorder = new HistoryRecorder("srv-01", options.MaxPending, _time);
        await using var store = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        using var writer = new HistoryWriter(recorder, store, options, _time, NullLogger.Instance);
        recorder.Record("old", LocalEventTypes.Reboot);
        _time.Advance(TimeSpan.FromHours(2));
        recorder.Record("new", LocalEventTypes.Reboot);

        Assert.Equal(2, await writer.FlushAsync());
        Assert.Equal(0, await writer.FlushAsync());
        Assert.Equal(1, await writer.PruneAsync());
        var left = await store.QueryAsync(new LocalHistoryQuery(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 10));
        Assert.Equal("new", Assert.Single(left.Events).ProducerId);
    }

    [Fact]
    public async Task FlushAsync_StoreFails_KeepsTheBatchUpToTheBoundAndWritesItNextTime()
    {
        // Fault injection: a real SQLite history behind a wrapper that fails the first append (a full disk cannot be
        // produced on demand here).
        var options = new HistoryOptions { MaxPending = 3 };
        var recorder = new HistoryRecorder("srv-01", options.MaxPending, _time);
        await using var real = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        var store = new FailingOnceHistory(real);
        using var writer = new HistoryWriter(recorder, store, options, _time, NullLogger.Instance);
        recorder.Record("a", LocalEventTypes.Reboot);
        recorder.Record("b", LocalEventTypes.Reboot);

        await Assert.ThrowsAsync<IOException>(() => writer.FlushAsync());
        recorder.Record("c", LocalEventTypes.Reboot);
        recorder.Record("d", LocalEventTypes.Reboot);
        await writer.FlushAsync();
        await writer.FlushAsync();

        var events = (await real.QueryAsync(new LocalHistoryQuery(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, 10))).Events;
        Assert.Equal(["a", "b", "c", "d"], events.Select(e => e.ProducerId));
    }

    private ObservationBuffer NewBuffer(HistoryRecorder recorder) =>
        new(new ChatterOptions { Window = TimeSpan.FromMinutes(1), Threshold = 4 }, new EventRuleOptions(), new ConnectivityTracker(), _time, recorder);

    private static Observation Device(Health health) => new(Dev, ProducerKind.Device, "srv-01.sw-01", health);

    private sealed class FailingOnceHistory(ILocalHistory inner) : ILocalHistory
    {
        private int _failed;

        public Task AppendAsync(IReadOnlyList<LocalTransition> transitions, CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref _failed, 1) == 0 ? throw new IOException("disk full") : inner.AppendAsync(transitions, cancellationToken);

        public Task<LocalHistoryPage> QueryAsync(LocalHistoryQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default) =>
            inner.PruneAsync(olderThan, maxEvents, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
