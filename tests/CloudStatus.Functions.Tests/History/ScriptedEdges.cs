using System.Collections.Concurrent;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Commands;

namespace CloudStatus.Functions.Tests.History;

/// <summary>
/// Member servers' <c>history</c> direct method as a hand-written fake hub: each server's events are answered the way
/// the edge's method pages them (window, type, after-cursor, (time, number) order), optionally in short pages standing
/// in for the 128 KB payload bound. A server can be offline, hang until cancelled, or answer an error status. The
/// real edge method and the real hub path are covered by the edge tests and the dev-stack acceptance test.
/// </summary>
internal sealed class ScriptedEdges : IDirectMethodClient
{
    private readonly TaskCompletionSource _hangingCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Dictionary<string, List<HistoryEvent>> Events { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Offline { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Hanging { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ErrorStatus { get; } = new(StringComparer.Ordinal);

    /// <summary>At most this many events per answer, whatever the limit asked.</summary>
    public int PageSize { get; set; } = int.MaxValue;

    public ConcurrentQueue<(string Server, HistoryRequest Request, TimeSpan Timeout)> Calls { get; } = new();

    /// <summary>Completes once a hanging server was called.</summary>
    public Task HangingCalled => _hangingCalled.Task;

    public async Task<DirectMethodOutcome> InvokeAsync(
        string deviceId, string moduleId, string methodName, byte[] payloadJson, TimeSpan responseTimeout, CancellationToken cancellationToken = default)
    {
        var request = JsonSerializer.Deserialize(payloadJson, HistoryJsonContext.Default.HistoryRequest)!;
        Calls.Enqueue((deviceId, request, responseTimeout));
        if (Offline.Contains(deviceId))
        {
            return new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, $"Module {deviceId}/{moduleId} is not connected.");
        }

        if (Hanging.Contains(deviceId))
        {
            _hangingCalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (ErrorStatus.TryGetValue(deviceId, out var status))
        {
            return new DirectMethodOutcome(DirectMethodStatus.Answered, status, """{"ok":false,"message":"not here"}""", null);
        }

        var matching = Events.GetValueOrDefault(deviceId, [])
            .Where(e => e.At >= request.From && e.At < request.To && (request.Type is null || e.Type == request.Type))
            .OrderBy(e => e.At).ThenBy(e => e.Number)
            .ToList();
        if (request.After is { } after)
        {
            var cursor = matching.Concat(Events[deviceId]).First(e => e.EventId == after);
            matching = [.. matching.Where(e => e.At > cursor.At || (e.At == cursor.At && e.Number > cursor.Number))];
        }

        var take = Math.Min(request.Limit ?? HistoryRequest.DefaultLimit, PageSize);
        var page = new HistoryPage { Events = [.. matching.Take(take)], More = matching.Count > take };
        return new DirectMethodOutcome(DirectMethodStatus.Answered, 200, JsonSerializer.Serialize(page, HistoryJsonContext.Default.HistoryPage), null);
    }
}
