using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ingest;

public sealed class HeartbeatIngestTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Heartbeat_MatchingDigest_RecordsHeartbeatAndClockOffsetWithoutResync()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        _central.Time.Advance(TimeSpan.FromSeconds(30));
        var sentAt = _central.Time.GetUtcNow().AddMilliseconds(-1500);

        var outcome = await _central.ApplyAsync(Heartbeat(2, Digest(Rec("a", 1), Rec("b", 2))) with { SentAt = sentAt });

        Assert.Null(outcome.ResyncFromSeq);
        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal(_central.Time.GetUtcNow(), server!.LastHeartbeat);
        Assert.Equal(1500, server.ClockOffsetMs);
    }

    [Fact]
    public async Task Heartbeat_DigestMismatch_RequestsFullResync()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));

        var outcome = await _central.ApplyAsync(Heartbeat(2, Digest(Rec("a", 1), Rec("z", 2))));

        Assert.Equal(0, outcome.ResyncFromSeq);
        var request = Assert.Single(await _central.DrainResyncsAsync());
        Assert.Equal(0, request.FromSeq);
        Assert.Contains("digest", request.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_CountMismatch_RequestsFullResync()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));

        var outcome = await _central.ApplyAsync(Heartbeat(2, Digest(Rec("a", 1), Rec("b", 2)) with { Count = 3 }));

        Assert.Equal(0, outcome.ResyncFromSeq);
    }

    [Fact]
    public async Task Heartbeat_AheadOfWatermark_RequestsResyncFromWatermarkPlusOne()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));

        var outcome = await _central.ApplyAsync(Heartbeat(9, Digest(Rec("a", 1))));

        Assert.Equal(3, outcome.ResyncFromSeq);
        Assert.Equal(2, (await _central.Servers.GetAsync(Server))!.Watermark);
    }

    [Fact]
    public async Task Heartbeat_BehindWatermark_IsNotCompared()
    {
        await _central.ApplyAsync(Periodic(1, 3, Rec("a", 1), Rec("b", 3)));

        var outcome = await _central.ApplyAsync(Heartbeat(1, Digest(Rec("a", 1))));

        Assert.Null(outcome.ResyncFromSeq);
    }

    [Fact]
    public async Task Heartbeat_UnknownServer_RegistersItAndAsksForEverythingItMissed()
    {
        var outcome = await _central.ApplyAsync(Heartbeat(5, Digest(Rec("a", 5))));

        Assert.Equal(1, outcome.ResyncFromSeq);
        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal((true, 0L), (server!.Online, server.Watermark));
    }

    [Fact]
    public async Task Heartbeat_OfAnEmptyHeap_MatchesAnEmptyCentral()
    {
        var outcome = await _central.ApplyAsync(Heartbeat(0, Digest()));

        Assert.Null(outcome.ResyncFromSeq);
        Assert.Equal(0, (await _central.Servers.GetAsync(Server))!.LiveCount);
    }

    [Fact]
    public async Task Heartbeat_CentralCountersDrifted_RecountFromRowsHealsWithoutResync()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        var server = await _central.Servers.GetAsync(Server);
        await _central.Servers.UpsertAsync(server! with { LiveCount = 7, DigestHash = 12345 }); // as if a write phase died half-way

        var outcome = await _central.ApplyAsync(Heartbeat(2, Digest(Rec("a", 1), Rec("b", 2))));

        Assert.Null(outcome.ResyncFromSeq);
        var healed = await _central.Servers.GetAsync(Server);
        Assert.Equal((2L, Digest(Rec("a", 1), Rec("b", 2)).Hash), (healed!.LiveCount, Core.Wire.DigestHash.Format(healed.DigestHash)));
    }
}
