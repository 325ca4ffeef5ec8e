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

    [Theory]
    [InlineData("srv-01", "e-1", "srv-01.sw-001.dev-001", 42L, "healthChanged", "3f819b3ba921db695d5f19a112f73760")]
    [InlineData("srv-\u00fc", "\u00e9p", "d\u00e9v-\u20ac", -7L, "added", "651e1c72303567f54ae670cc9dc3a1d7")]
    public void For_KnownRecordEvent_IsTheIdStoredEventsAlreadyCarry(string server, string epoch, string producer, long seq, string type, string expected)
    {
        // Ids computed independently (SHA-256 of the UTF-8 key joined by U+001F, first 16 bytes in lower hex): a
        // redelivered batch must yield the ids the event log already holds, whatever builds the key.
        Assert.Equal(expected, EventIds.For(server, epoch, producer, seq, type));
    }

    [Fact]
    public void For_KeyLongerThanTheStackBuffer_IsTheSameRule()
    {
        Assert.Equal("1c7dac210db42c5b53e76fac068db7f1", EventIds.For("s", "e", new string('p', 600), 1, "added"));
    }
}
