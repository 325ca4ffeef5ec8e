using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

internal static class EventStoreExtensions
{
    /// <summary>Appends one event on its own, under its own id as the batch id: appending it again stores nothing.</summary>
    public static Task AppendOneAsync(this IEventStore events, StatusEvent statusEvent, CancellationToken cancellationToken = default) =>
        events.AppendAsync(statusEvent.EventId, [statusEvent], cancellationToken);
}
