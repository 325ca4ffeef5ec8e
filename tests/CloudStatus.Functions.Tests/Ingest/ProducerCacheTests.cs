using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Ingest;

namespace CloudStatus.Functions.Tests.Ingest;

public sealed class ProducerCacheTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryGet_AfterRemember_AnswersWrittenRowsAndAskedAbsentIdsWithoutReading()
    {
        var cache = new ProducerCache(100);
        var server = Server("srv-1", batches: 3);
        cache.Remember(server, ["a", "gone"], new Dictionary<string, ProducerState>(), null, [Producer("srv-1", "a", 5)]);

        Assert.True(cache.TryGet(server, ["a", "gone", "new"], out var stored, out var unknown));

        Assert.Equal(5, stored["a"].Seq);
        Assert.False(stored.ContainsKey("gone"));
        Assert.Equal(["new"], unknown);
    }

    [Fact]
    public void TryGet_ServerRowWrittenByAnotherWriter_MissesAndForgetsTheServer()
    {
        var cache = new ProducerCache(100);
        var server = Server("srv-1", batches: 3);
        cache.Remember(server, [], new Dictionary<string, ProducerState>(), null, [Producer("srv-1", "a", 5)]);

        Assert.False(cache.TryGet(server with { Online = false, StaleCount = 1 }, ["a"], out _, out _));
        Assert.False(cache.TryGet(server, ["a"], out _, out _));
    }

    [Fact]
    public void TryGet_EntryFilledFromEveryRow_AnswersUnknownIdsAsAbsent()
    {
        var cache = new ProducerCache(100);
        var server = Server("srv-1", batches: 1);
        cache.Remember(server, [], new Dictionary<string, ProducerState>(), [Producer("srv-1", "a", 1)], []);

        Assert.True(cache.TryGet(server, ["a", "b"], out var stored, out var unknown));

        Assert.Single(stored);
        Assert.Empty(unknown);
    }

    [Fact]
    public void Remember_OverCapacity_DropsTheLeastRecentlyUsedServer()
    {
        var cache = new ProducerCache(3);
        var one = Server("srv-1", batches: 1);
        var two = Server("srv-2", batches: 1);
        cache.Remember(one, [], new Dictionary<string, ProducerState>(), null, [Producer("srv-1", "a", 1), Producer("srv-1", "b", 2)]);
        cache.Remember(two, [], new Dictionary<string, ProducerState>(), null, [Producer("srv-2", "c", 1), Producer("srv-2", "d", 2)]);

        Assert.False(cache.TryGet(one, ["a"], out _, out _));
        Assert.True(cache.TryGet(two, ["c"], out var stored, out _));
        Assert.Single(stored);
    }

    [Fact]
    public void Forget_AfterAFailedWrite_MissesNextTime()
    {
        var cache = new ProducerCache(100);
        var server = Server("srv-1", batches: 3);
        cache.Remember(server, [], new Dictionary<string, ProducerState>(), null, [Producer("srv-1", "a", 5)]);

        cache.Forget("srv-1");

        Assert.False(cache.TryGet(server, ["a"], out _, out _));
    }

    private static ServerState Server(string id, long batches) => new()
    {
        ServerId = id,
        TenantId = "t",
        SiteId = "s",
        Epoch = "e1",
        RegisteredAt = T0,
        Online = true,
        Batches = batches,
    };

    private static ProducerState Producer(string server, string id, long seq) => new()
    {
        TenantId = "t",
        ServerId = server,
        ProducerId = id,
        Kind = ProducerKind.Device,
        Epoch = "e1",
        Seq = seq,
        Health = Health.Online,
        LocalTimestamp = T0,
        CentralTimestamp = T0,
    };
}
