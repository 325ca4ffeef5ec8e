using CloudStatus.Edge.Intake;

namespace CloudStatus.Edge.Tests.Intake;

public sealed class PendingAddsTests
{
    private const string Mac = "02:00:5e:10:00:01";
    private const string Ip = "10.0.1.5";

    [Fact]
    public void TryTake_ProducerWithTheMac_TakesTheAddWhateverItsId()
    {
        var adds = new PendingAdds();
        Assert.Null(adds.Set(new PendingAdd("srv-01.sw-new", "switch", "srv-01", "{}", Mac)));

        Assert.True(adds.TryTake("srv-01.sw-slot-1", Mac, null, out var add, out var by));
        Assert.Equal(("srv-01.sw-new", "mac"), (add!.ProducerId, by));
        Assert.Equal(0, adds.Count);
        Assert.False(adds.TryTake("srv-01.sw-new", null, null, out _, out _)); // taken once, under every key
    }

    [Fact]
    public void TryTake_IdBeatsMacBeatsIp()
    {
        var adds = new PendingAdds();
        adds.Set(new PendingAdd("srv-01.a", null, null, """{"by":"ip"}""", Ip: Ip));
        adds.Set(new PendingAdd("srv-01.b", null, null, """{"by":"mac"}""", Mac));
        adds.Set(new PendingAdd("srv-01.c", null, null, """{"by":"id"}"""));

        Assert.True(adds.TryTake("srv-01.c", Mac, Ip, out var first, out var firstBy));
        Assert.True(adds.TryTake("srv-01.x", Mac, Ip, out var second, out var secondBy));
        Assert.True(adds.TryTake("srv-01.y", Mac, Ip, out var third, out var thirdBy));

        Assert.Equal(("srv-01.c", "id"), (first!.ProducerId, firstBy));
        Assert.Equal(("srv-01.b", "mac"), (second!.ProducerId, secondBy));
        Assert.Equal(("srv-01.a", "ip"), (third!.ProducerId, thirdBy));
    }

    [Fact]
    public void Set_MacAlreadyAwaitedForAnotherId_IsRefusedWithTheReason()
    {
        var adds = new PendingAdds();
        adds.Set(new PendingAdd("srv-01.a", null, null, null, Mac));

        var refusal = adds.Set(new PendingAdd("srv-01.b", null, null, null, Mac));

        Assert.Equal($"An add for 'srv-01.a' already waits for the producer with MAC {Mac}.", refusal);
        Assert.True(adds.TryTake("srv-01.z", Mac, null, out var kept, out _));
        Assert.Equal("srv-01.a", kept!.ProducerId);
    }

    [Fact]
    public void Set_SameIdAgain_ReplacesTheEarlierAddAndItsKeys()
    {
        var adds = new PendingAdds();
        adds.Set(new PendingAdd("srv-01.a", null, null, "{\"v\":1}", Mac));

        Assert.Null(adds.Set(new PendingAdd("srv-01.a", null, null, "{\"v\":2}", Ip: Ip)));

        Assert.False(adds.TryTake("srv-01.z", Mac, null, out _, out _));
        Assert.True(adds.TryTake("srv-01.z", null, Ip, out var add, out _));
        Assert.Equal("{\"v\":2}", add!.Config);
    }

    [Fact]
    public void TryTake_NoMatchingKey_TakesNothing()
    {
        var adds = new PendingAdds();
        adds.Set(new PendingAdd("srv-01.a", null, null, null, Mac, Ip));

        Assert.False(adds.TryTake("srv-01.b", "02:00:5e:10:00:02", "10.0.1.6", out _, out _));
        Assert.Equal(1, adds.Count);
    }
}
