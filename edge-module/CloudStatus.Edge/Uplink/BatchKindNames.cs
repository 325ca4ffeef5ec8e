using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Uplink;

/// <summary>The wire names of <see cref="BatchKind"/>, as carried in the <c>csKind</c> property.</summary>
internal static class BatchKindNames
{
    public static string Of(BatchKind kind) => kind switch
    {
        BatchKind.Periodic => "periodic",
        BatchKind.Async => "async",
        BatchKind.Resync => "resync",
        BatchKind.Heartbeat => "heartbeat",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown batch kind."),
    };
}
