using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ingest;

public sealed class StatusIngestorTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Apply_FirstBatch_RegistersServerAndStampsCentralTime()
    {
        var outcome = await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2, Health.Degraded)));

        Assert.Equal(2, outcome.Applied);
        var server = await _central.Servers.GetAsync(Server);
        Assert.NotNull(server);
        Assert.Equal((Tenant, Site, Epoch, 2L, 2L, true), (server.TenantId, server.SiteId, server.Epoch, server.Watermark, server.LiveCount, server.Online));
        Assert.Equal(new HealthCounts(1, 1, 0, 0), server.Counts);
        var a = await _central.Producers.GetAsync(Server, "srv-01.a");
        Assert.NotNull(a);
        Assert.Equal(_central.Time.GetUtcNow(), a.CentralTimestamp);
        Assert.Equal(LocalTime.AddSeconds(1), a.LocalTimestamp);
        Assert.Equal("""{"seq":1}""", a.State);
        Assert.Equal(Tenant, a.TenantId);
    }

    [Fact]
    public async Task Apply_RedeliveredBatch_ChangesNothingButCounters()
    {
        var batch = Periodic(1, 2, Rec("a", 1), Rec("b", 2));
        await _central.ApplyAsync(batch);
        var eventsBefore = (await _central.AllEventsAsync()).Count;
        _central.Time.Advance(TimeSpan.FromSeconds(5));

        var outcome = await _central.ApplyAsync(batch);

        Assert.Equal(0, outcome.Applied);
        Assert.Null(outcome.ResyncFromSeq);
        Assert.Equal(eventsBefore, (await _central.AllEventsAsync()).Count);
        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal((2L, 2L, 2L), (server!.Batches, server.LiveCount, server.Watermark));
        Assert.Equal(_central.Time.GetUtcNow().AddSeconds(-5), (await _central.Producers.GetAsync(Server, "srv-01.a"))!.CentralTimestamp);
    }

    [Fact]
    public async Task Apply_OlderRecordArrivingLate_IsIgnored()
    {
        await _central.ApplyAsync(Periodic(1, 5, Rec("a", 5, Health.Offline)));
        await _central.ApplyAsync(Batch(BatchKind.Async, 3, 3, [Rec("a", 3, Health.Online)]));

        var a = await _central.Producers.GetAsync(Server, "srv-01.a");
        Assert.Equal((5L, Health.Offline), (a!.Seq, a.Health));
        Assert.Equal(new HealthCounts(0, 0, 1, 0), (await _central.Servers.GetAsync(Server))!.Counts);
    }

    [Fact]
    public async Task Apply_Gap_RequestsExactlyOneResyncFromWatermarkPlusOneThenThrottles()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));

        var gap = await _central.ApplyAsync(Periodic(5, 6, Rec("c", 6)));
        _central.Time.Advance(TimeSpan.FromSeconds(10));
        var again = await _central.ApplyAsync(Periodic(7, 7, Rec("d", 7)));

        Assert.Equal(3, gap.ResyncFromSeq);
        Assert.Null(again.ResyncFromSeq);
        var request = Assert.Single(await _central.DrainResyncsAsync());
        Assert.Equal((Server, 3L), (request.ServerId, request.FromSeq));
        Assert.Equal(2, (await _central.Servers.GetAsync(Server))!.Watermark);
        Assert.NotNull(await _central.Producers.GetAsync(Server, "srv-01.c")); // records of a gapped batch still apply

        _central.Time.Advance(TimeSpan.FromSeconds(30));
        var afterCooldown = await _central.ApplyAsync(Periodic(8, 8, Rec("e", 8)));
        Assert.Equal(3, afterCooldown.ResyncFromSeq);
        Assert.Single(await _central.DrainResyncsAsync());
    }

    [Fact]
    public async Task Apply_ResyncAnswerClosesTheGap_WatermarkJumpsToItsEnd()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        await _central.ApplyAsync(Periodic(5, 6, Rec("c", 6)));

        await _central.ApplyAsync(Batch(BatchKind.Resync, 3, 6, [Rec("x", 4), Rec("c", 6)]));

        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal((6L, 4L), (server!.Watermark, server.LiveCount));
    }

    [Fact]
    public async Task Apply_AsyncAheadOfBacklog_IsNotAGapAndAppliesItsRecords()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));

        var ahead = await _central.ApplyAsync(Batch(BatchKind.Async, 10, 10, [Rec("sw", 10, Health.Offline, evt: RecordEvents.Reboot)]));

        Assert.Null(ahead.ResyncFromSeq);
        Assert.Empty(await _central.DrainResyncsAsync());
        Assert.Equal(2, (await _central.Servers.GetAsync(Server))!.Watermark);
        Assert.Equal(Health.Offline, (await _central.Producers.GetAsync(Server, "srv-01.sw"))!.Health);
        Assert.Contains(await _central.AllEventsAsync(), e => e.Type == RecordEvents.Reboot && e.ProducerId == "srv-01.sw");

        await _central.ApplyAsync(Periodic(3, 10, Rec("c", 3), Rec("sw", 10, Health.Offline)));
        Assert.Equal(10, (await _central.Servers.GetAsync(Server))!.Watermark);
    }

    [Fact]
    public async Task Apply_AsyncContiguous_AdvancesWatermark()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));

        await _central.ApplyAsync(Batch(BatchKind.Async, 3, 3, [Rec("a", 3, Health.Offline)]));

        Assert.Equal(3, (await _central.Servers.GetAsync(Server))!.Watermark);
    }

    [Fact]
    public async Task Apply_EpochChange_MarksEveryProducerDeletedAndRestartsTheWatermark()
    {
        await _central.ApplyAsync(Periodic(1, 40, Rec("a", 39), Rec("b", 40)));

        var outcome = await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("a", 1)], epoch: "epoch-2"));

        Assert.Null(outcome.ResyncFromSeq);
        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal(("epoch-2", 1L, 1L), (server!.Epoch, server.Watermark, server.LiveCount));
        Assert.Equal(Batches.Digest(Rec("a", 1)).Hash, DigestHash.Format(server.DigestHash));
        Assert.True((await _central.Producers.GetAsync(Server, "srv-01.b"))!.Deleted);
        var a = await _central.Producers.GetAsync(Server, "srv-01.a");
        Assert.Equal((false, 1L, "epoch-2"), (a!.Deleted, a.Seq, a.Epoch));
        Assert.Contains(await _central.AllEventsAsync(), e => e.Type == StatusEventTypes.EpochChanged);
    }

    [Fact]
    public async Task Apply_LateBatchOfAnOlderEpoch_IsFollowedThenHealedByTheCurrentEpoch()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("c", 1)], epoch: "epoch-2"));
        await _central.ApplyAsync(Periodic(3, 3, Rec("a", 3)));

        var back = await _central.ApplyAsync(Batch(BatchKind.Heartbeat, 1, 1, epoch: "epoch-2") with { Digest = Digest(Rec("c", 1)) });
        Assert.Equal(1, back.ResyncFromSeq); // the restart wiped central's copy: everything from seq 1 again
        await _central.ApplyAsync(Batch(BatchKind.Resync, 1, 1, [Rec("c", 1)], epoch: "epoch-2"));

        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal(("epoch-2", 1L, 1L), (server!.Epoch, server.Watermark, server.LiveCount));
        Assert.Equal(["srv-01.c"], (await _central.Producers.ListAsync(Server)).Where(p => !p.Deleted).Select(p => p.ProducerId));
    }

    [Fact]
    public async Task Apply_ResyncBatch_DeletesLiveProducersInItsRangeThatItOmits()
    {
        await _central.ApplyAsync(Periodic(1, 6, Rec("a", 1), Rec("b", 4), Rec("c", 5), Rec("d", 6)));

        await _central.ApplyAsync(Batch(BatchKind.Resync, 3, 7, [Rec("c", 5), Rec("e", 7)]));

        var producers = (await _central.Producers.ListAsync(Server)).ToDictionary(p => p.ProducerId);
        Assert.False(producers["srv-01.a"].Deleted); // seq 1 is below the range: not the resync's business
        Assert.True(producers["srv-01.b"].Deleted);
        Assert.False(producers["srv-01.c"].Deleted);
        Assert.True(producers["srv-01.d"].Deleted);
        Assert.False(producers["srv-01.e"].Deleted);
        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal(Batches.Digest(Rec("a", 1), Rec("c", 5), Rec("e", 7)).Hash, DigestHash.Format(server!.DigestHash));
        Assert.Equal(3, server.LiveCount);
    }

    [Fact]
    public async Task Apply_FullResync_IsAuthoritative()
    {
        await _central.ApplyAsync(Periodic(1, 3, Rec("a", 1), Rec("b", 2), Rec("c", 3)));

        await _central.ApplyAsync(Batch(BatchKind.Resync, 0, 3, [Rec("b", 2)]));

        Assert.Equal(["srv-01.b"], (await _central.Producers.ListAsync(Server)).Where(p => !p.Deleted).Select(p => p.ProducerId));
    }

    [Fact]
    public async Task Apply_Changes_AppendTheRightEvents()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        await _central.ApplyAsync(Periodic(3, 5, Rec("a", 3, Health.Degraded), Rec("b", 4, deleted: true), Rec("c", 5, Health.Online)));
        await _central.ApplyAsync(Periodic(6, 6, Rec("c", 6, Health.Online)));

        var events = (await _central.AllEventsAsync()).Where(e => e.ProducerId != Server)
            .Select(e => (e.ProducerId, e.Type, e.Seq)).ToHashSet();

        Assert.Equal(
            new HashSet<(string, string, long?)>
            {
                ("srv-01.a", "added", 1), ("srv-01.b", "added", 2), ("srv-01.a", "healthChanged", 3),
                ("srv-01.b", "deleted", 4), ("srv-01.c", "added", 5),
            },
            events);
    }

    [Fact]
    public async Task Apply_Connectivity_StoredPerSwitchLatestWins()
    {
        var first = Periodic(1, 1, Rec("sw1", 1, kind: ProducerKind.Switch)) with
        {
            Connectivity = [new ConnectivityEntry { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw2"] }],
        };
        var second = Batches.Heartbeat(1) with
        {
            Connectivity = [new ConnectivityEntry { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = [] }],
        };

        await _central.ApplyAsync(first);
        await _central.ApplyAsync(second);

        var entry = Assert.Single(await _central.Get<IViewStore>().GetConnectivityAsync(Server));
        Assert.Empty(entry.Switches);
    }

    [Fact]
    public async Task Apply_Batches_CountBatchesRecordsAndBytes()
    {
        var one = Batches.Message(Periodic(1, 2, Rec("a", 1), Rec("b", 2)), gzip: true);
        var two = Batches.Message(Batches.Heartbeat(2));

        await _central.ApplyAsync(one);
        await _central.ApplyAsync(two);

        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal((2L, 2L, (long)(one.Body.Length + two.Body.Length)), (server!.Batches, server.Records, server.Bytes));
    }
}
