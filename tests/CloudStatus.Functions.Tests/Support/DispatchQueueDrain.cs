using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Support;

/// <summary>Takes what a test's central host queued for dispatch, as the dispatcher would, without sending it.</summary>
internal static class DispatchQueueDrain
{
    /// <summary>Every dispatch message queued and not yet taken, removed from the queue (commands and resyncs).</summary>
    public static async Task<List<DispatchMessage>> DrainAsync(this IDispatchQueue queue)
    {
        var result = new List<DispatchMessage>();
        while (await queue.ReceiveAsync(32, TimeSpan.FromHours(1)) is { Count: > 0 } deliveries)
        {
            foreach (var delivery in deliveries)
            {
                result.Add(DispatchMessage.Parse(delivery.Body, out var error) ?? throw new InvalidOperationException(error));
                await queue.CompleteAsync(delivery);
            }
        }

        return result;
    }

    /// <summary>The resync requests among what <see cref="DrainAsync"/> takes (the other messages are taken too).</summary>
    public static async Task<List<ResyncRequestItem>> DrainResyncsAsync(this IDispatchQueue queue) =>
        [.. (await queue.DrainAsync())
            .Where(m => m.Kind == DispatchMessage.ResyncKind)
            .Select(m => new ResyncRequestItem(m.ServerId!, m.FromSeq!.Value, m.Reason!))];
}
