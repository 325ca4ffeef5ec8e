using CloudStatus.Core.Central;
using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Central;

public sealed class EventIdsTests
{
    [Fact]
    public void ForBatch_SameMessageRedelivered_IsTheSameId()
    {
        Assert.Equal(EventIds.ForBatch(Batches.Batch(3, 9)), EventIds.ForBatch(Batches.Batch(3, 9, [Batches.Record("srv-01.d1", 9)])));
    }

    [Fact]
    public void ForBatch_HeartbeatsRepeatingTheirRange_DifferBySendTime()
    {
        var first = Batches.Batch(9, 9, kind: BatchKind.Heartbeat);

        Assert.NotEqual(EventIds.ForBatch(first), EventIds.ForBatch(first with { SentAt = first.SentAt.AddSeconds(30) }));
        Assert.NotEqual(EventIds.ForBatch(first), EventIds.ForBatch(first with { Kind = BatchKind.Periodic }));
        Assert.NotEqual(EventIds.ForBatch(first), EventIds.ForBatch(first with { Epoch = "e-other" }));
    }
}
