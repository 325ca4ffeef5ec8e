using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Uplink;

/// <summary>Every batch presents the failover leases central last said the server holds, as <c>fences</c> (docs/adr/0148).</summary>
public sealed class UplinkFencesTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PumpAsync_HoldingLeases_EachBatchPresentsTheTokensHeldWhenItIsBuilt()
    {
        IReadOnlyDictionary<string, long>? held = new Dictionary<string, long> { ["srv-01"] = 1, ["srv-02"] = 2 };
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, fences: () => held);
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        await edge.Upstream.PumpAsync();

        held = new Dictionary<string, long> { ["srv-01"] = 1 }; // handed back: central no longer names srv-02
        await edge.Heap.WriteAsync([Writes.Online("b")]);
        await edge.Upstream.PumpAsync();

        var batches = edge.Transport.WireBatches;
        Assert.Equal(new Dictionary<string, long> { ["srv-01"] = 1, ["srv-02"] = 2 }, batches[0].Fences!.ToDictionary());
        Assert.Equal([KeyValuePair.Create("srv-01", 1L)], batches[1].Fences!);
    }

    [Fact]
    public async Task PumpAsync_HoldingNone_NoFencesSent()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, fences: () => new Dictionary<string, long>());
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        await edge.Upstream.PumpAsync();

        Assert.Null(Assert.Single(edge.Transport.WireBatches).Fences);
    }
}
