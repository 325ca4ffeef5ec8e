using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Heap;

/// <summary>The uplink's delta baselines kept in the heap's slots (docs/adr/0166).</summary>
public sealed class StatusHeapBaselineTests : IDisposable
{
    private const string Calls3 = """{"calls":3}""";
    private const string Calls4 = """{"calls":4}""";

    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AcknowledgeSent_CurrentRecord_BaselineIsTheHeapsOwnStateBytes()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var m = mirror;
        var sent = await heap.WriteAsync([Writes.Online("a", state: Calls3)]);

        heap.AcknowledgeSent(sent);

        Assert.True(heap.TryGetBaseline("a", out var seq, out var state));
        Assert.True(heap.TryGetWrite("a", out var stored));
        Assert.Equal(1, seq);
        Assert.True(SameBytes(stored.State, state)); // one array, not a copy
    }

    [Fact]
    public async Task AcknowledgeSent_StateWrittenAfter_KeepsTheAcknowledgedState()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var m = mirror;
        heap.AcknowledgeSent(await heap.WriteAsync([Writes.Online("a", state: Calls3)]));
        await heap.WriteAsync([Writes.Online("b"), Writes.Online("c")]);

        await heap.WriteAsync([Writes.Online("a", state: Calls4)]);
        await heap.WriteAsync([Writes.Online("a", state: Calls3)]);

        Assert.True(heap.TryGetBaseline("a", out var seq, out var state));
        Assert.Equal((1L, Calls3), (seq, state.ToString()));
    }

    [Theory]
    [InlineData("parent")]
    [InlineData("kind")]
    [InlineData("config")]
    [InlineData("tombstone")]
    public async Task TryGetBaseline_MemberADeltaLeavesOutChanged_HasNone(string change)
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var m = mirror;
        heap.AcknowledgeSent(await heap.WriteAsync([Writes.Online("a", parent: "p", state: Calls3)]));
        HeapWrite write = change switch
        {
            "parent" => Writes.Online("a", parent: "q", state: Calls3),
            "kind" => Writes.Online("a", kind: ProducerKind.Trunk, parent: "p", state: Calls3),
            "config" => Writes.Online("a", parent: "p", state: Calls3) with { Config = "{}" },
            _ => Writes.Tombstone("a", parent: "p"),
        };

        await heap.WriteAsync([write]);
        await heap.WriteAsync([Writes.Online("a", parent: "p", state: Calls3)]); // back as it was: still not the baseline's word

        Assert.False(heap.TryGetBaseline("a", out _, out _));
    }

    [Fact]
    public async Task AcknowledgeSent_RecordTheHeapReplacedSince_LeavesNoBaseline()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var m = mirror;
        var sent = await heap.WriteAsync([Writes.Online("a", state: Calls3)]);
        await heap.WriteAsync([Writes.Online("a", state: Calls4)]);

        heap.AcknowledgeSent(sent);

        Assert.False(heap.TryGetBaseline("a", out _, out _));
    }

    [Fact]
    public async Task AcknowledgeSent_OlderRecordAfterANewer_DoesNotMoveTheBaselineBack()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var m = mirror;
        var first = await heap.WriteAsync([Writes.Online("a", state: Calls3)]);
        var second = await heap.WriteAsync([Writes.Online("a", state: Calls4)]);
        heap.AcknowledgeSent(second);

        heap.AcknowledgeSent(first);

        Assert.True(heap.TryGetBaseline("a", out var seq, out _));
        Assert.Equal(2, seq);
    }

    [Fact]
    public async Task OpenAsync_AfterARestart_HasNoBaselines()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        heap.AcknowledgeSent(await heap.WriteAsync([Writes.Online("a", state: Calls3)]));
        await mirror.DisposeAsync();

        var (reopened, again) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var m = again;

        Assert.NotNull(reopened.Get("a"));
        Assert.False(reopened.TryGetBaseline("a", out _, out _));
    }

    private static bool SameBytes(Utf8Text a, Utf8Text b) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(a.Span), ref MemoryMarshal.GetReference(b.Span));
}
