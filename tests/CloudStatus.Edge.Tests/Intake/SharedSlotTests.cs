using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Intake;

/// <summary>The buffer and the heap share one slot per producer and one copy of its state (docs/adr/0165).</summary>
public sealed class SharedSlotTests : IDisposable
{
    private const string Sw = "srv-01.sw-01";
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunAsyncWritesAsync_NewProducers_HeapKeepsTheBuffersStateBytesInTheSameSlots()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        edge.Post(Sw, ProducerKind.Switch, EdgeHarness.ServerId, state: """{"firmware":"4.2"}""");
        edge.Post(Sw + ".dev-001", ProducerKind.Device, Sw, state: """{"extension":"1001"}""");

        await edge.Management.RunAsyncWritesAsync();

        Assert.True(edge.Buffer.TryGet(Sw + ".dev-001", out var view));
        Assert.True(edge.Heap.TryGetWrite(Sw + ".dev-001", out var stored));
        Assert.Equal("""{"extension":"1001"}""", stored.State.ToString());
        Assert.True(SameBytes(view.State, stored.State));
        Assert.Equal(3, edge.Heap.Producers.Count); // the switch, its device, and the server as their parent
    }

    [Fact]
    public async Task RunPeriodicWriteAsync_ChangedState_HeapTakesTheNewBytesAndKeepsThemUntilTheNextChange()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 1);
        var device = Sw + ".dev-001";

        edge.Post(device, ProducerKind.Device, Sw, state: """{"calls":1}""");
        Assert.True(edge.Heap.TryGetWrite(device, out var before));
        Assert.True(before.State.IsNull);
        await edge.Management.RunPeriodicWriteAsync();
        edge.Post(device, ProducerKind.Device, Sw, state: """{"calls":1}""");

        Assert.True(edge.Buffer.TryGet(device, out var view));
        Assert.True(edge.Heap.TryGetWrite(device, out var stored));
        Assert.Equal("""{"calls":1}""", edge.Heap.Get(device)!.State);
        Assert.True(SameBytes(view.State, stored.State));
    }

    [Fact]
    public async Task DeleteThenPurge_EveryTombstoneGone_ReleasesEverySlot()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 3);
        Assert.Equal(5, edge.Heap.Producers.Count);

        Assert.True(await edge.Management.DeleteAsync(Sw));
        await edge.Upstream.PumpAsync();
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(4, await edge.Heap.PurgeTombstonesAsync());
        Assert.Equal(0, edge.Heap.Producers.Count);
        Assert.Empty(edge.Heap.Records());
        Assert.Empty(edge.Heap.LiveChildrenOf(EdgeHarness.ServerId));

        edge.Post(Sw, ProducerKind.Switch, EdgeHarness.ServerId);
        await edge.Management.RunAsyncWritesAsync();
        Assert.Equal([Sw], edge.Heap.LiveChildrenOf(EdgeHarness.ServerId));
    }

    [Fact]
    public async Task WriteAsync_ParentChanges_ChildMovesBetweenTheParentsLists()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a"), Writes.Online("b"), Writes.Online("c1", parent: "a"), Writes.Online("c2", parent: "a")]);

        await edge.Heap.WriteAsync([Writes.Online("c1", parent: "b")]);

        Assert.Equal(["c2"], edge.Heap.LiveChildrenOf("a"));
        Assert.Equal(["c1"], edge.Heap.LiveChildrenOf("b"));
        Assert.Equal("b", edge.Heap.Get("c1")!.ParentId);
        Assert.False(edge.Heap.Differs(Writes.Online("c1", parent: "b")));
        Assert.True(edge.Heap.Differs(Writes.Online("c1", parent: "a")));
    }

    private static bool SameBytes(Utf8Text a, Utf8Text b) =>
        !a.IsNull && Unsafe.AreSame(ref MemoryMarshal.GetReference(a.Span), ref MemoryMarshal.GetReference(b.Span));
}
