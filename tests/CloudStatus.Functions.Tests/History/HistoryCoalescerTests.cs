using CloudStatus.Core.Commands;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.History;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.History;

public sealed class HistoryCoalescerTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly ScriptedEdges _edges = new();
    private readonly HistoryOptions _options = new() { ServerTimeout = TimeSpan.FromSeconds(2) };

    public HistoryCoalescerTests()
    {
        // Interleaved in time, with ties across servers (same second) and within one server (same second, two numbers).
        _edges.Events["srv-a"] = [E("srv-a", 1, 0), E("srv-a", 2, 3), E("srv-a", 3, 3), E("srv-a", 4, 7), E("srv-a", 5, 9)];
        _edges.Events["srv-b"] = [E("srv-b", 1, 1), E("srv-b", 2, 3), E("srv-b", 3, 8), E("srv-b", 4, 8)];
        _edges.Events["srv-c"] = [E("srv-c", 7, 2), E("srv-c", 8, 3), E("srv-c", 9, 10, "reboot"), E("srv-c", 10, 11)];
    }

    private static string[] Servers => ["srv-c", "srv-a", "srv-b"];

    private List<string> Expected => [.. _edges.Events
        .SelectMany(s => s.Value.Select(e => (Server: s.Key, Event: e)))
        .OrderBy(x => x.Event.At).ThenBy(x => x.Server, StringComparer.Ordinal).ThenBy(x => x.Event.Number)
        .Select(x => x.Event.EventId)];

    [Theory]
    [InlineData(1, int.MaxValue)]
    [InlineData(4, int.MaxValue)]
    [InlineData(5, 2)]
    [InlineData(100, 1)]
    [InlineData(100, int.MaxValue)]
    public async Task QueryAsync_WalkingTheContinuation_EveryEventOnceInTimeServerNumberOrder(int limit, int edgePageSize)
    {
        _edges.PageSize = edgePageSize;

        var pages = await WalkAsync(limit);

        Assert.Equal(Expected, pages.SelectMany(p => p.Events).Select(e => e.Event.EventId));
        Assert.All(pages, p => Assert.InRange(p.Events.Count, 1, limit));
        Assert.All(pages, p => Assert.Empty(p.Unavailable));
        Assert.All(pages.SelectMany(p => p.Events), e => Assert.StartsWith(e.ServerId + ":", e.Event.EventId, StringComparison.Ordinal));
        Assert.Null(pages[^1].Continuation);
    }

    [Fact]
    public async Task QueryAsync_TypeAndWindow_AskEveryMemberForTheSameAndFilter()
    {
        var result = await NewCoalescer().QueryAsync(Servers, T0.AddSeconds(2), T0.AddSeconds(11), "reboot", 100, null);

        Assert.Equal("srv-c:ep:9", Assert.Single(result.Events).Event.EventId);
        Assert.Equal(["srv-a", "srv-b", "srv-c"], _edges.Calls.Select(c => c.Server).Order(StringComparer.Ordinal));
        Assert.All(_edges.Calls, c => Assert.Equal((T0.AddSeconds(2), T0.AddSeconds(11), "reboot"), (c.Request.From, c.Request.To, c.Request.Type)));
        Assert.Equal([("srv-a", 0), ("srv-b", 0), ("srv-c", 1)], result.Members);
    }

    [Fact]
    public async Task QueryAsync_OfflineHangingAndFailingServers_ListedWithReasonOthersCoalesced()
    {
        _edges.Events["srv-d"] = [E("srv-d", 1, 4)];
        _edges.Events["srv-e"] = [E("srv-e", 1, 5)];
        _edges.Offline.Add("srv-b");
        _edges.Hanging.Add("srv-d");
        _edges.ErrorStatus["srv-e"] = 501;

        var query = NewCoalescer().QueryAsync(["srv-a", "srv-b", "srv-c", "srv-d", "srv-e"], T0, T0.AddMinutes(1), null, 100, null);
        await _edges.HangingCalled.WaitAsync(TimeSpan.FromSeconds(15));
        _time.Advance(_options.ServerTimeout);
        var result = await query.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(
            [("srv-b", UnavailableReasons.Offline), ("srv-d", UnavailableReasons.Timeout), ("srv-e", UnavailableReasons.Error)],
            result.Unavailable.Select(u => (u.ServerId, u.Reason)));
        Assert.Contains("not here", result.Unavailable[2].Detail, StringComparison.Ordinal);
        Assert.Contains("501", result.Unavailable[2].Detail, StringComparison.Ordinal);
        Assert.Equal(["srv-a", "srv-c"], result.Members.Select(m => m.ServerId));
        Assert.Equal(Expected.Where(id => id.StartsWith("srv-a", StringComparison.Ordinal) || id.StartsWith("srv-c", StringComparison.Ordinal)), result.Events.Select(e => e.Event.EventId));
        Assert.All(_edges.Calls, c => Assert.Equal(TimeSpan.FromSeconds(5), c.Timeout)); // IoT Hub's minimum; our own deadline is shorter
    }

    [Fact]
    public async Task QueryAsync_ServerFailsOnPageOne_StaysOutOfLaterPagesAndListed()
    {
        _edges.Offline.Add("srv-b");
        var coalescer = NewCoalescer();
        var first = await coalescer.QueryAsync(Servers, T0, T0.AddMinutes(1), null, 2, null);
        _edges.Offline.Clear();
        var callsBefore = _edges.Calls.Count;

        var second = await coalescer.QueryAsync(Servers, T0, T0.AddMinutes(1), null, 2, HistoryCursor.Decode(first.Continuation!));

        Assert.DoesNotContain(_edges.Calls.Skip(callsBefore), c => c.Server == "srv-b");
        Assert.Equal(("srv-b", UnavailableReasons.Offline), (second.Unavailable.Single().ServerId, second.Unavailable.Single().Reason));
        Assert.DoesNotContain(second.Events, e => e.ServerId == "srv-b");
    }

    [Theory]
    [InlineData("srv-a", 3, null)] // ordered before the cursor's server: strictly later times only
    [InlineData("srv-z", 2, null)] // ordered after it: from the cursor's time on
    [InlineData("srv-m", 2, "srv-m:ep:4")] // the cursor's own server: past its event
    public void RequestFor_AfterAPosition_ResumesEachServerWhereTheMergedOrderContinues(string server, long fromTicks, string? after)
    {
        var cursor = new HistoryCursor(T0.AddTicks(2), "srv-m", "srv-m:ep:4", new Dictionary<string, string>());

        var request = HistoryCoalescer.RequestFor(server, T0, T0.AddHours(1), null, 10, cursor)!;

        Assert.Equal((T0.AddTicks(fromTicks), after), (request.From, request.After));
        Assert.Null(HistoryCoalescer.RequestFor(server, T0, T0.AddTicks(2), null, 10, cursor));
    }

    [Theory]
    [InlineData("AAAA")]
    [InlineData("aDEfMTAfc3J2LWEfaWQfc3J2LWI9bWF5YmU")] // h1|10|srv-a|id|srv-b=maybe: unknown reason
    public void Decode_ForeignOrTamperedToken_InvalidContinuation(string token) =>
        Assert.Throws<InvalidContinuationException>(() => HistoryCursor.Decode(token));

    [Fact]
    public void Cursor_EncodeDecode_RoundTrips()
    {
        var cursor = new HistoryCursor(T0.AddTicks(7), "srv-a", "srv-a:ep:1", new Dictionary<string, string> { ["srv-b"] = "offline", ["srv-c"] = "timeout" });

        var back = HistoryCursor.Decode(cursor.Encode());

        Assert.Equal((cursor.At, cursor.ServerId, cursor.EventId), (back.At, back.ServerId, back.EventId));
        Assert.Equal(cursor.Excluded.OrderBy(e => e.Key), back.Excluded.OrderBy(e => e.Key));
    }

    private async Task<List<HistoryResult>> WalkAsync(int limit)
    {
        var coalescer = NewCoalescer();
        var pages = new List<HistoryResult>();
        HistoryCursor? cursor = null;
        do
        {
            var page = await coalescer.QueryAsync(Servers, T0, T0.AddMinutes(1), null, limit, cursor);
            pages.Add(page);
            cursor = page.Continuation is null ? null : HistoryCursor.Decode(page.Continuation);
            Assert.True(pages.Count < 100, "the walk ends");
        }
        while (cursor is not null);
        return pages;
    }

    private HistoryCoalescer NewCoalescer() => new(_edges, Options.Create(_options), Options.Create(new CommandOptions()), _time, NullLogger<HistoryCoalescer>.Instance);

    private static HistoryEvent E(string server, long n, int second, string type = "health") => new()
    {
        EventId = $"{server}:ep:{n}", Number = n, ProducerId = server + ".sw-01", Type = type, At = T0.AddSeconds(second),
    };
}
