using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Tests.Heap;

public sealed class ProducerIndexTests
{
    [Fact]
    public void Acquire_SameIdTwice_SameSlotAndTheIdReadsBack()
    {
        var index = new ProducerIndex();

        var a = index.Acquire("srv-01/sw-001/dev-001", ProducerIndex.Holder.Buffer);
        var b = index.Acquire("srv-01/sw-001/dev-002", ProducerIndex.Holder.Buffer);

        Assert.NotEqual(a, b);
        Assert.Equal(a, index.Acquire("srv-01/sw-001/dev-001", ProducerIndex.Holder.HeapRecord));
        Assert.Equal(a, index.Find("srv-01/sw-001/dev-001"));
        Assert.Equal("srv-01/sw-001/dev-002", index.IdOf(b));
        Assert.True(index.IsId(b, "srv-01/sw-001/dev-002"));
        Assert.False(index.IsId(b, "srv-01/sw-001/dev-001"));
        Assert.Equal(-1, index.Find("srv-01/sw-001/dev-003"));
        Assert.Equal(2, index.Count);
    }

    [Theory]
    [InlineData("gerät-ü/€-日本")]
    [InlineData("😀-pair")]
    [InlineData("")]
    public void Acquire_NonAsciiOrEmptyId_RoundTrips(string id)
    {
        var index = new ProducerIndex();

        var slot = index.Acquire(id, ProducerIndex.Holder.Buffer);

        Assert.Equal(id, index.IdOf(slot));
        Assert.Equal(slot, index.Find(id));
    }

    [Fact]
    public void Acquire_IdLongerThanTheStackBuffer_RoundTrips()
    {
        var index = new ProducerIndex();
        var id = new string('x', 400) + "/é";

        var slot = index.Acquire(id, ProducerIndex.Holder.Buffer);

        Assert.Equal(id, index.IdOf(slot));
        Assert.Equal(slot, index.Find(id));
        Assert.Equal(-1, index.Find(new string('x', 400) + "/e"));
    }

    [Fact]
    public void Release_OneOfTwoHolders_KeepsTheSlot_LastHolder_FreesItForReuse()
    {
        var index = new ProducerIndex();
        var slot = index.Acquire("a", ProducerIndex.Holder.Buffer);
        index.Hold(slot, ProducerIndex.Holder.HeapRecord);

        index.Release(slot, ProducerIndex.Holder.Buffer);
        Assert.Equal(slot, index.Find("a"));

        index.Release(slot, ProducerIndex.Holder.HeapRecord);
        Assert.Equal(-1, index.Find("a"));
        Assert.Equal(0, index.Count);

        Assert.Equal(slot, index.Acquire("b", ProducerIndex.Holder.Buffer));
        Assert.Equal("b", index.IdOf(slot));
    }

    [Fact]
    public void Acquire_ManyIds_GrowsAndFindsEveryOne()
    {
        var index = new ProducerIndex();
        var slots = Enumerable.Range(0, 5000).Select(i => index.Acquire($"srv/dev-{i}", ProducerIndex.Holder.Buffer)).ToArray();

        Assert.Equal(5000, slots.Distinct().Count());
        for (var i = 0; i < 5000; i += 7)
        {
            Assert.Equal(slots[i], index.Find($"srv/dev-{i}"));
            Assert.Equal($"srv/dev-{i}", index.IdOf(slots[i]));
        }
    }

    [Fact]
    public void Acquire_AfterMostIdsWereReleased_CompactsAndKeepsTheLiveIds()
    {
        var index = new ProducerIndex();
        var id = (int i) => $"{i:00000}-" + new string('p', 120);
        var slots = Enumerable.Range(0, 3000).Select(i => index.Acquire(id(i), ProducerIndex.Holder.Buffer)).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            if (i % 10 != 0)
            {
                index.Release(slots[i], ProducerIndex.Holder.Buffer);
            }
        }

        var fresh = Enumerable.Range(3000, 50).Select(i => index.Acquire(id(i), ProducerIndex.Holder.Buffer)).ToArray();

        Assert.Equal(350, index.Count);
        for (var i = 0; i < 3000; i += 10)
        {
            Assert.Equal(slots[i], index.Find(id(i)));
            Assert.Equal(id(i), index.IdOf(slots[i]));
        }

        Assert.Equal(fresh, Enumerable.Range(3000, 50).Select(i => index.Find(id(i))));
        Assert.Equal(-1, index.Find(id(1)));
    }
}
