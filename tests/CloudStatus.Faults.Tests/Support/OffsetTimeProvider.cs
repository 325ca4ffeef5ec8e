namespace CloudStatus.Faults.Tests.Support;

/// <summary>A wall clock set wrong by a fixed offset, as a server whose time sync failed; its timers run at the true pace.</summary>
internal sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
