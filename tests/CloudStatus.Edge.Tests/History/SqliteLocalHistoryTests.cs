using CloudStatus.Core.Commands;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Edge.Tests.History;

/// <summary>The embedded local history on a real SQLite file per test.</summary>
public sealed class SqliteLocalHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Append_NumbersConsecutivelyWithStableIdsAndRoundTripsEveryField()
    {
        await using var history = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");

        await history.AppendAsync([
            new LocalTransition("srv-01.sw-01", LocalEventTypes.Health, Health.Offline, Health.Online, T0.AddTicks(1), "x"),
            new LocalTransition("srv-01.sw-02", LocalEventTypes.Appeared, Health.Online, null, T0.AddTicks(2)),
        ]);
        var page = await history.QueryAsync(new LocalHistoryQuery(T0, T0.AddDays(1), null, 10));

        Assert.False(page.More);
        Assert.Equal(
            [
                new HistoryEvent
                {
                    EventId = $"srv-01:{history.Epoch}:1", Number = 1, ProducerId = "srv-01.sw-01", Type = LocalEventTypes.Health,
                    Health = Health.Offline, PreviousHealth = Health.Online, At = T0.AddTicks(1), Detail = "x",
                },
                new HistoryEvent
                {
                    EventId = $"srv-01:{history.Epoch}:2", Number = 2, ProducerId = "srv-01.sw-02", Type = LocalEventTypes.Appeared,
                    Health = Health.Online, At = T0.AddTicks(2),
                },
            ],
            page.Events);
    }

    [Fact]
    public async Task Query_RangeTypeAndAfter_PagesInTimeThenNumberOrder()
    {
        await using var history = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        // Appended out of time order (a clock step back) and with ties: the order is (time, number), not arrival.
        await history.AppendAsync([
            Flap("a", T0.AddMinutes(5)), Flap("b", T0.AddMinutes(1)), Flap("c", T0.AddMinutes(1)),
            new LocalTransition("d", LocalEventTypes.Reboot, null, null, T0.AddMinutes(2)), Flap("e", T0.AddMinutes(3)), Flap("f", T0.AddMinutes(9)),
        ]);

        var walked = new List<string>();
        LocalHistoryPage page;
        string? after = null;
        do
        {
            page = await history.QueryAsync(new LocalHistoryQuery(T0.AddMinutes(1), T0.AddMinutes(9), null, 2, after));
            walked.AddRange(page.Events.Select(e => e.ProducerId));
            after = page.Events.LastOrDefault()?.EventId;
        }
        while (page.More);
        var reboots = await history.QueryAsync(new LocalHistoryQuery(T0, T0.AddDays(1), LocalEventTypes.Reboot, 10));

        Assert.Equal(["b", "c", "d", "e", "a"], walked);
        Assert.Equal("d", Assert.Single(reboots.Events).ProducerId);
    }

    [Fact]
    public async Task Query_AfterAnEventOfAnotherEpochOrPruned_ThrowsUnknownCursor()
    {
        await using var history = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        await history.AppendAsync([Flap("a", T0), Flap("b", T0.AddDays(2))]);
        await history.PruneAsync(T0.AddDays(1), long.MaxValue);
        var window = new LocalHistoryQuery(T0, T0.AddDays(3), null, 10);

        await Assert.ThrowsAsync<UnknownHistoryCursorException>(() => history.QueryAsync(window with { After = $"srv-01:{history.Epoch}:1" }));
        await Assert.ThrowsAsync<UnknownHistoryCursorException>(() => history.QueryAsync(window with { After = "srv-01:0123456789abcdef:2" }));
        await Assert.ThrowsAsync<UnknownHistoryCursorException>(() => history.QueryAsync(window with { After = $"srv-02:{history.Epoch}:2" }));
        Assert.Empty((await history.QueryAsync(window with { After = $"srv-01:{history.Epoch}:2" })).Events);
    }

    [Fact]
    public async Task Prune_ByAgeAndByCount_KeepsTheNewest()
    {
        await using var history = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        await history.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Flap($"p{i}", T0.AddHours(i)))]);

        var byAge = await history.PruneAsync(T0.AddHours(3), long.MaxValue);
        var byCount = await history.PruneAsync(T0, maxEvents: 4);
        var left = await history.QueryAsync(new LocalHistoryQuery(T0, T0.AddDays(1), null, 100));

        Assert.Equal((3, 3), (byAge, byCount));
        Assert.Equal(["p6", "p7", "p8", "p9"], left.Events.Select(e => e.ProducerId));
    }

    [Fact]
    public async Task Reopen_KeepsEpochAndNeverReusesNumbersEvenWhenPrunedEmpty()
    {
        string epoch;
        await using (var first = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01"))
        {
            epoch = first.Epoch;
            await first.AppendAsync([Flap("a", T0), Flap("b", T0)]);
            await first.PruneAsync(T0.AddDays(1), long.MaxValue);
        }

        await using var second = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        await second.AppendAsync([Flap("c", T0)]);
        var page = await second.QueryAsync(new LocalHistoryQuery(T0, T0.AddDays(1), null, 10));

        Assert.Equal(epoch, second.Epoch);
        Assert.Equal($"srv-01:{epoch}:3", Assert.Single(page.Events).EventId);
    }

    [Fact]
    public async Task Open_NewFile_GetsItsOwnEpoch()
    {
        await using var one = await SqliteLocalHistory.OpenAsync(_dir.Sub("one"), "srv-01");
        await using var two = await SqliteLocalHistory.OpenAsync(_dir.Sub("two"), "srv-01");

        Assert.Matches("^[0-9a-f]{16}$", one.Epoch);
        Assert.NotEqual(one.Epoch, two.Epoch);
    }

    private static LocalTransition Flap(string producerId, DateTimeOffset at) =>
        new(producerId, LocalEventTypes.Health, Health.Degraded, Health.Online, at);
}
