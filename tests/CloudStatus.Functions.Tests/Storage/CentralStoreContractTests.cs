using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Core.Rollups;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>
/// The contract every central store adapter must keep (SQLite now, Cosmos DB next). A subclass supplies a fresh,
/// empty set of stores per test.
/// </summary>
public abstract partial class CentralStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private StoreSet? _stores;

    private protected StoreSet Stores => _stores ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private protected abstract Task<StoreSet> CreateStoresAsync();

    [Fact]
    public async Task ServerStore_UpsertThenGet_RoundTripsEveryField()
    {
        var server = Server("srv-1", "t1") with
        {
            Watermark = 42,
            LiveCount = 3,
            DigestHash = ulong.MaxValue - 7,
            Counts = new HealthCounts(1, 1, 1, 0),
            StaleCount = 2,
            Online = true,
            LastBatchAt = T0.AddSeconds(5),
            LastHeartbeat = T0.AddSeconds(6),
            ClockOffsetMs = -12.5,
            Batches = 9,
            Records = 99,
            Bytes = 999,
            LastResyncRequestAt = T0,
            LastResyncFromSeq = 0,
        };
        await Stores.Servers.UpsertAsync(server);

        var read = await Stores.Servers.GetAsync("srv-1");

        Assert.NotNull(read);
        Assert.Equal(server, read);
        Assert.Null(await Stores.Servers.GetAsync("srv-missing"));
    }

    [Fact]
    public async Task ServerStore_UpsertWithFewerBatches_KeepsTheNewerRow()
    {
        var newer = Server("srv-1", "t1") with { Batches = 5, Watermark = 50, Online = true };
        await Stores.Servers.UpsertAsync(newer);

        await Stores.Servers.UpsertAsync(newer with { Batches = 4, Watermark = 40 });
        Assert.Equal(newer, await Stores.Servers.GetAsync("srv-1"));

        await Stores.Servers.UpsertAsync(newer with { Online = false, StaleCount = 3 });
        Assert.Equal(newer with { Online = false, StaleCount = 3 }, await Stores.Servers.GetAsync("srv-1"));
    }

    [Fact]
    public async Task ServerStore_ListByTenant_ReturnsOnlyThatTenantOrdered()
    {
        await Stores.Servers.UpsertAsync(Server("srv-b", "t1"));
        await Stores.Servers.UpsertAsync(Server("srv-a", "t1"));
        await Stores.Servers.UpsertAsync(Server("srv-c", "t2"));

        var t1 = await Stores.Servers.ListByTenantAsync("t1");

        Assert.Equal(["srv-a", "srv-b"], t1.Select(s => s.ServerId));
        Assert.Equal(["t1", "t2"], await Stores.Servers.ListTenantsAsync());
    }

    [Fact]
    public async Task ProducerStore_UpsertMany_GetManyReturnsOnlyStoredOfThatServer()
    {
        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 1), Producer("srv-1", "srv-1.b", 2)]);
        await Stores.Producers.UpsertManyAsync("srv-2", [Producer("srv-2", "srv-2.a", 1)]);

        var many = await Stores.Producers.GetManyAsync("srv-1", ["srv-1.a", "srv-1.b", "srv-1.zz", "srv-2.a"]);

        Assert.Equal(["srv-1.a", "srv-1.b"], many.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("""{"v":2}""", many["srv-1.b"].State);
        Assert.Equal(Health.Degraded, many["srv-1.b"].Health);
    }

    [Fact]
    public async Task ProducerStore_UpsertMany_ReplacesExistingRecord()
    {
        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 1)]);
        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 5) with { Deleted = true, Stale = true }]);

        var read = await Stores.Producers.GetAsync("srv-1", "srv-1.a");

        Assert.NotNull(read);
        Assert.Equal(5, read.Seq);
        Assert.True(read.Deleted);
        Assert.True(read.Stale);
    }

    [Fact]
    public async Task ProducerStore_UpsertOlderSeqOfSameEpoch_KeepsTheNewerRecord()
    {
        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 5)]);

        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 3), Producer("srv-1", "srv-1.b", 1)]);
        Assert.Equal(5, (await Stores.Producers.GetAsync("srv-1", "srv-1.a"))!.Seq);
        Assert.NotNull(await Stores.Producers.GetAsync("srv-1", "srv-1.b"));

        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 5) with { Stale = true }]);
        Assert.True((await Stores.Producers.GetAsync("srv-1", "srv-1.a"))!.Stale);

        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "srv-1.a", 1) with { Epoch = "e2" }]);
        var read = await Stores.Producers.GetAsync("srv-1", "srv-1.a");
        Assert.Equal(("e2", 1L), (read!.Epoch, read.Seq));
    }

    [Fact]
    public async Task ProducerStore_UpsertManyForAnotherServer_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-2", "srv-2.a", 1)]));
    }

    [Fact]
    public async Task ProducerStore_Page_WalksEveryRecordOnceInOrder()
    {
        var ids = Enumerable.Range(0, 23).Select(i => $"srv-1.p{i:D2}").ToList();
        await Stores.Producers.UpsertManyAsync("srv-1", [.. ids.Select(id => Producer("srv-1", id, 1))]);

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await Stores.Producers.PageAsync("srv-1", ProducerFilter.None, 10, continuation);
            seen.AddRange(page.Items.Select(p => p.ProducerId));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ProducerStore_PageWithForeignToken_ThrowsInvalidContinuation()
    {
        await Assert.ThrowsAsync<InvalidContinuationException>(() => Stores.Producers.PageAsync("srv-1", ProducerFilter.None, 10, "not-a-token!"));
    }

    [Fact]
    public async Task ProducerStore_FindServerId_UsesTheIndexAndPrefersLiveRecords()
    {
        await Stores.Producers.UpsertManyAsync("srv-1", [Producer("srv-1", "shared.id", 1) with { Deleted = true }]);
        await Stores.Producers.UpsertManyAsync("srv-2", [Producer("srv-2", "shared.id", 1)]);

        Assert.Equal("srv-2", await Stores.Producers.FindServerIdAsync("shared.id"));
        Assert.Null(await Stores.Producers.FindServerIdAsync("nobody"));
    }

    [Fact]
    public async Task ProducerStore_PurgeTombstones_RemovesOnlyOldTombstonesOfThatServer()
    {
        await Stores.Producers.UpsertManyAsync("srv-1",
        [
            Producer("srv-1", "srv-1.old", 1) with { Deleted = true, CentralTimestamp = T0 },
            Producer("srv-1", "srv-1.new", 2) with { Deleted = true, CentralTimestamp = T0.AddHours(2) },
            Producer("srv-1", "srv-1.live", 3) with { CentralTimestamp = T0 },
        ]);
        await Stores.Producers.UpsertManyAsync("srv-2", [Producer("srv-2", "srv-2.old", 1) with { Deleted = true, CentralTimestamp = T0 }]);

        var purged = await Stores.Producers.PurgeTombstonesAsync("srv-1", T0.AddHours(1));

        Assert.Equal(1, purged);
        Assert.Equal(["srv-1.live", "srv-1.new"], (await Stores.Producers.ListAsync("srv-1")).Select(p => p.ProducerId));
        Assert.Single(await Stores.Producers.ListAsync("srv-2"));
    }

    [Fact]
    public async Task EventStore_Query_NewestFirstFilteredAndPaged()
    {
        var events = Enumerable.Range(0, 15).Select(i => Event($"e{i:D2}", "t1", i % 2 == 0 ? "srv-1" : "srv-2", i % 3 == 0 ? "reboot" : "healthChanged", T0.AddMinutes(i))).ToList();
        events.Add(Event("other", "t2", "srv-9", "reboot", T0.AddMinutes(3)));
        await Stores.Events.AppendAsync("b1", events);

        var all = await ReadAllAsync(new EventQuery { TenantIds = ["t1"], From = T0, To = T0.AddHours(1), Limit = 4 });
        Assert.Equal(events.Where(e => e.TenantId == "t1").OrderByDescending(e => e.CentralTimestamp).Select(e => e.EventId), all);

        var filtered = await ReadAllAsync(new EventQuery { TenantIds = ["t1"], From = T0.AddMinutes(2), To = T0.AddMinutes(12), Type = "reboot", ServerId = "srv-1", Limit = 1 });
        Assert.Equal(["e06"], filtered);

        var both = await ReadAllAsync(new EventQuery { TenantIds = ["t1", "t2"], From = T0, To = T0.AddHours(1), Type = "reboot", Limit = 100 });
        Assert.Equal(["e12", "e09", "e06", "other", "e03", "e00"], both);
    }

    [Fact]
    public async Task EventStore_Query_OldestFirstIsNewestFirstReversedAcrossDays()
    {
        // Three days (three buckets per tenant in a partitioned adapter), ties in time broken by event id.
        var events = Enumerable.Range(0, 12).Select(i => Event($"d{i:D2}", i % 4 == 0 ? "t2" : "t1", "srv-1", "reboot", T0.AddHours(12 * (i / 2)))).ToList();
        await Stores.Events.AppendAsync("b1", events);
        var query = new EventQuery { TenantIds = ["t1", "t2"], From = T0, To = T0.AddDays(3), Limit = 5 };

        var newest = await ReadAllAsync(query);
        var oldest = await ReadAllAsync(query with { Order = EventOrder.OldestFirst });

        Assert.Equal(events.OrderBy(e => e.CentralTimestamp).ThenBy(e => e.EventId, StringComparer.Ordinal).Select(e => e.EventId), oldest);
        Assert.Equal(Enumerable.Reverse(oldest), newest);
    }

    [Fact]
    public async Task EventStore_StartAfter_PagesBothWaysFromAnyPositionExclusive()
    {
        var events = Enumerable.Range(0, 10).Select(i => Event($"p{i}", "t1", "srv-1", "reboot", T0.AddMinutes(i / 2))).ToList();
        await Stores.Events.AppendAsync("b1", events);
        var query = new EventQuery { TenantIds = ["t1"], From = T0, To = T0.AddHours(1), Limit = 3 };

        var newer = await Stores.Events.QueryAsync(query with { Order = EventOrder.OldestFirst, StartAfter = EventPosition.Of(events[4]) });
        var older = await Stores.Events.QueryAsync(query with { StartAfter = EventPosition.Of(events[4]) });
        var tail = await Stores.Events.QueryAsync(query with { Order = EventOrder.OldestFirst, StartAfter = EventPosition.Of(events[7]) });
        var between = await Stores.Events.QueryAsync(query with { StartAfter = new EventPosition(T0.AddMinutes(2), "p4a") });

        Assert.Equal("p5 p6 p7 more", Ids(newer));
        Assert.Equal("p3 p2 p1 more", Ids(older));
        Assert.Equal("p8 p9", Ids(tail));
        Assert.Equal("p4 p3 p2 more", Ids(between));

        static string Ids(Page<StatusEvent> page) =>
            string.Join(' ', page.Items.Select(e => e.EventId)) + (page.Continuation is null ? string.Empty : " more");
    }

    [Fact]
    public async Task EventStore_BatchesSharingATime_PageByEventIdAcrossBatchesBothWays()
    {
        // Three batches logged at the same central time (a batch adapter keeps each together), ids interleaved across
        // them, mixed types and servers inside a batch: pages of two must still follow (time, id) exactly.
        var batches = Enumerable.Range(0, 3).Select(b => Enumerable.Range(0, 4)
            .Select(i => Event($"s{i}{b}", "t1", i % 2 == 0 ? "srv-1" : "srv-2", b == 1 ? "reboot" : "healthChanged", T0)).ToList()).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            await Stores.Events.AppendAsync($"b{b}", batches[b]);
        }

        var earlier = Event("early", "t1", "srv-1", "reboot", T0.AddMinutes(-1));
        await Stores.Events.AppendAsync("b9", [earlier]);
        var query = new EventQuery { TenantIds = ["t1"], From = T0.AddHours(-1), To = T0.AddHours(1), Limit = 2 };

        var oldest = await ReadAllAsync(query with { Order = EventOrder.OldestFirst });
        var newest = await ReadAllAsync(query);
        var reboots = await ReadAllAsync(query with { Type = "reboot", ServerId = "srv-2", Limit = 1 });

        string[] sameTime = [.. batches.SelectMany(b => b).Select(e => e.EventId).Order(StringComparer.Ordinal)];
        Assert.Equal(["early", .. sameTime], oldest);
        Assert.Equal(Enumerable.Reverse(oldest), newest);
        Assert.Equal(["s31", "s11"], reboots);
    }

    [Fact]
    public async Task EventStore_ContinuationOfTheOtherOrder_ThrowsInvalidContinuation()
    {
        await Stores.Events.AppendAsync("b1", [.. Enumerable.Range(0, 3).Select(i => Event($"c{i}", "t1", "srv-1", "reboot", T0.AddMinutes(i)))]);
        var query = new EventQuery { TenantIds = ["t1"], From = T0, To = T0.AddHours(1), Limit = 1 };
        var newestToken = (await Stores.Events.QueryAsync(query)).Continuation!;
        var oldestToken = (await Stores.Events.QueryAsync(query with { Order = EventOrder.OldestFirst })).Continuation!;

        await Assert.ThrowsAsync<InvalidContinuationException>(() => Stores.Events.QueryAsync(query with { Order = EventOrder.OldestFirst, Continuation = newestToken }));
        await Assert.ThrowsAsync<InvalidContinuationException>(() => Stores.Events.QueryAsync(query with { Continuation = oldestToken }));
    }

    [Fact]
    public async Task EventStore_AppendSameBatchAgain_StoresItOnce()
    {
        var e = Event("dup", "t1", "srv-1", "added", T0);
        await Stores.Events.AppendAsync("b1", [e]);
        await Stores.Events.AppendAsync("b1", [e with { Type = "changed" }]);

        var page = await Stores.Events.QueryAsync(new EventQuery { TenantIds = ["t1"], From = T0.AddDays(-1), To = T0.AddDays(1) });

        Assert.Equal("added", Assert.Single(page.Items).Type);
    }

    [Fact]
    public async Task EventStore_SameEventLoggedByTwoBatches_ListedOnceAtItsFirstTimeInBothOrders()
    {
        // An async batch logs e then its rows fail; the periodic batch carrying the same record logs e again, later.
        var e = Event("same", "t1", "srv-1", "healthChanged", T0);
        var before = Event("before", "t1", "srv-1", "healthChanged", T0.AddSeconds(-1));
        var next = Event("next", "t1", "srv-1", "healthChanged", T0.AddSeconds(5));
        await Stores.Events.AppendAsync("async", [before, e]);
        await Stores.Events.AppendAsync("periodic", [e with { CentralTimestamp = T0.AddSeconds(5) }, next]);
        var query = new EventQuery { TenantIds = ["t1"], From = T0.AddHours(-1), To = T0.AddHours(1), Limit = 1 };

        var newest = await ReadAllAsync(query);
        var oldest = await ReadAllAsync(query with { Order = EventOrder.OldestFirst });
        var whole = await Stores.Events.QueryAsync(query with { Limit = 10 });

        Assert.Equal(["next", "same", "before"], newest);
        Assert.Equal(["before", "same", "next"], oldest);
        Assert.Equal(T0, whole.Items.Single(x => x.EventId == "same").CentralTimestamp);
    }

    [Fact]
    public async Task EventStore_SameEventLoggedAgainAfterMidnight_ListedOnceOnTheFirstDay()
    {
        var midnight = T0.Date.AddDays(1);
        var e = Event("late", "t1", "srv-1", "healthChanged", new DateTimeOffset(midnight.AddSeconds(-2), TimeSpan.Zero));
        await Stores.Events.AppendAsync("first", [e]);
        await Stores.Events.AppendAsync("retry", [e with { CentralTimestamp = new DateTimeOffset(midnight.AddSeconds(3), TimeSpan.Zero) }]);
        var query = new EventQuery { TenantIds = ["t1"], From = T0.AddDays(-1), To = T0.AddDays(3), Limit = 10 };

        var both = await Stores.Events.QueryAsync(query);
        var secondDay = await Stores.Events.QueryAsync(query with { From = new DateTimeOffset(midnight, TimeSpan.Zero) });

        Assert.Equal(e.CentralTimestamp, Assert.Single(both.Items).CentralTimestamp);
        Assert.Empty(secondDay.Items);
    }

    [Fact]
    public async Task CommandStore_TryCreateTwice_SecondIsRefusedAndUpdateReplaces()
    {
        var command = new CommandRecord
        {
            CommandId = "cmd-1", TenantId = "t1", ServerId = "srv-1", ProducerId = "srv-1.a", Action = "reboot",
            Status = CommandStatus.Pending, RequestedAt = T0, RequestedBy = "alice", Config = """{"x":1}""",
        };

        Assert.True(await Stores.Commands.TryCreateAsync(command));
        Assert.False(await Stores.Commands.TryCreateAsync(command with { Action = "delete" }));
        await Stores.Commands.UpdateAsync(command with { Status = CommandStatus.Succeeded, CompletedAt = T0.AddSeconds(1), Result = "ok" });

        var read = await Stores.Commands.GetAsync("cmd-1");
        Assert.Equal(command with { Status = CommandStatus.Succeeded, CompletedAt = T0.AddSeconds(1), Result = "ok" }, read);
        Assert.Null(await Stores.Commands.GetAsync("cmd-2"));
    }

    [Fact]
    public async Task ViewStore_Connectivity_LatestEntryPerSwitchWins()
    {
        await Stores.Views.UpsertConnectivityAsync("t1", "srv-1", [Entry("srv-1.sw1", ConnectivityMode.Disconnected, "srv-1.sw2"), Entry("srv-1.sw2", ConnectivityMode.Disconnected)]);
        await Stores.Views.UpsertConnectivityAsync("t1", "srv-1", [Entry("srv-1.sw1", ConnectivityMode.Connected, "srv-1.sw2")]);

        var entries = await Stores.Views.GetConnectivityAsync("srv-1");

        Assert.Equal(["srv-1.sw1", "srv-1.sw2"], entries.Select(e => e.SwitchId));
        Assert.Equal(ConnectivityMode.Connected, entries[0].Mode);
        Assert.Empty(await Stores.Views.GetConnectivityAsync("srv-2"));
    }

    [Fact]
    public async Task ViewStore_TenantView_RoundTrips()
    {
        var view = new TenantView
        {
            TenantId = "t1",
            BuiltAt = T0,
            Tenant = new TenantRollup("t1", 1, 2, 1, 5, 1, 0, 0, 3, Health.Degraded),
            Sites = [new SiteRollup("t1", "s1", 2, 1, 5, 1, 0, 0, 3, Health.Degraded)],
            Connectivity = [new ServerConnectivity("srv-1", "s1", ["a", "b"], ["-1", "0-"], 1, 1)],
        };
        await Stores.Views.PutTenantViewAsync(view);

        var read = await Stores.Views.GetTenantViewAsync("t1");

        Assert.NotNull(read);
        Assert.Equal(view.Tenant, read.Tenant);
        Assert.Equal(view.Sites, read.Sites);
        Assert.Equal(view.Connectivity[0].Rows, read.Connectivity[0].Rows);
        Assert.Null(await Stores.Views.GetTenantViewAsync("t2"));
    }

    [Fact]
    public async Task DeadLetterStore_List_NewestFirstWithRawBytes()
    {
        for (var i = 0; i < 5; i++)
        {
            await Stores.DeadLetters.AddAsync(new DeadLetter
            {
                Id = $"dl{i}", DeviceId = "srv-1", Reason = $"reason {i}", Body = [0x1F, 0x8B, (byte)i], ReceivedAt = T0.AddSeconds(i),
            });
        }

        var first = await Stores.DeadLetters.ListAsync(3, null);
        var second = await Stores.DeadLetters.ListAsync(3, first.Continuation);

        Assert.Equal(["dl4", "dl3", "dl2"], first.Items.Select(d => d.Id));
        Assert.Equal(["dl1", "dl0"], second.Items.Select(d => d.Id));
        Assert.Null(second.Continuation);
        Assert.Equal(new byte[] { 0x1F, 0x8B, 4 }, first.Items[0].Body);
    }

    private async Task<List<string>> ReadAllAsync(EventQuery query)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await Stores.Events.QueryAsync(query with { Continuation = continuation });
            Assert.True(page.Items.Count <= query.Limit);
            ids.AddRange(page.Items.Select(e => e.EventId));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return ids;
    }

    private static ServerState Server(string id, string tenant) => new()
    {
        ServerId = id, TenantId = tenant, SiteId = "site", Epoch = "e1", RegisteredAt = T0,
    };

    private static ProducerState Producer(string server, string id, long seq) => new()
    {
        TenantId = "t1", ServerId = server, ProducerId = id, Kind = ProducerKind.Device, ParentId = server, Epoch = "e1", Seq = seq,
        Health = seq % 2 == 0 ? Health.Degraded : Health.Online, State = $$"""{"v":{{seq}}}""",
        LocalTimestamp = T0, CentralTimestamp = T0,
    };

    private static StatusEvent Event(string id, string tenant, string server, string type, DateTimeOffset at) => new()
    {
        EventId = id, TenantId = tenant, ServerId = server, ProducerId = server + ".x", Type = type, CentralTimestamp = at,
    };

    private static ConnectivityEntry Entry(string id, ConnectivityMode mode, params string[] switches) => new()
    {
        SwitchId = id, Mode = mode, Switches = switches,
    };
}
