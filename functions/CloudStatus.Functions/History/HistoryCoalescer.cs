using System.Collections.Concurrent;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.History;

/// <summary>
/// The time-range aggregation across member servers (S3, seed 003): asks every member server for its local history
/// over the window (the <c>history</c> direct method) in parallel, each within <see cref="HistoryOptions.ServerTimeout"/>,
/// and coalesces one result set ordered by (local time, server id, event number). A member's page may be shorter than
/// the limit (the 128 KB payload bound); the coalesced page therefore stops at the earliest "last event" among the
/// members that have more, so no member's later pages can hold an event that belongs before the cut. Servers that are
/// offline, time out or fail are listed with the reason and left out of the rest of the query.
/// </summary>
internal sealed class HistoryCoalescer(
    IDirectMethodClient client,
    IOptions<HistoryOptions> options,
    IOptions<CommandOptions> commandOptions,
    TimeProvider time,
    ILogger<HistoryCoalescer> logger)
{
    /// <summary>IoT Hub's shortest allowed direct-method response timeout; our own deadline may be shorter.</summary>
    private static readonly TimeSpan MinHubTimeout = TimeSpan.FromSeconds(5);

    public async Task<HistoryResult> QueryAsync(
        IReadOnlyCollection<string> servers,
        DateTimeOffset from,
        DateTimeOffset to,
        string? type,
        int limit,
        HistoryCursor? cursor,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, HistoryRequest.MaxLimit);
        var excluded = cursor?.Excluded ?? new Dictionary<string, string>();
        var asked = servers.Distinct(StringComparer.Ordinal).Where(s => !excluded.ContainsKey(s)).Order(StringComparer.Ordinal).ToList();
        var answers = new ConcurrentDictionary<string, Answer>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            asked,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken },
            async (server, token) => answers[server] = await AskAsync(server, RequestFor(server, from, to, type, limit, cursor), token).ConfigureAwait(false))
            .ConfigureAwait(false);

        var answered = answers.Where(a => a.Value.Failure is null).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var merged = answered
            .SelectMany(a => a.Value.Events.Select(e => new MemberEvent(a.Key, e)))
            .Order(MergeOrder.Instance)
            .ToList();

        // Members with more to give: nothing past the earliest of their last events may be returned yet.
        MemberEvent? horizon = null;
        foreach (var (server, answer) in answered)
        {
            if (answer.More && answer.Events.Count > 0)
            {
                var last = new MemberEvent(server, answer.Events.Max(EventOrder.Instance)!);
                horizon = horizon is null || MergeOrder.Instance.Compare(last, horizon) < 0 ? last : horizon;
            }
        }

        var page = merged.Where(e => horizon is null || MergeOrder.Instance.Compare(e, horizon) <= 0).Take(limit).ToList();
        var failed = answers.Where(a => a.Value.Failure is not null).Select(a => a.Value.Failure!).ToList();
        foreach (var failure in failed)
        {
            Log.HistoryServerUnavailable(logger, failure.ServerId, failure.Reason, failure.Detail);
        }

        var members = servers.ToHashSet(StringComparer.Ordinal);
        var unavailable = failed
            .Concat(excluded
                .Where(e => members.Contains(e.Key))
                .Select(e => new UnavailableServer(e.Key, e.Value, "Unavailable on an earlier page of this query; start a new query to include it.")))
            .OrderBy(u => u.ServerId, StringComparer.Ordinal)
            .ToList();

        string? continuation = null;
        if (page.Count > 0 && (page.Count < merged.Count || answered.Any(a => a.Value.More)))
        {
            var last = page[^1];
            continuation = new HistoryCursor(
                last.Event.At,
                last.ServerId,
                last.Event.EventId,
                unavailable.ToDictionary(u => u.ServerId, u => u.Reason, StringComparer.Ordinal)).Encode();
        }

        var counts = answered.Select(a => (a.Key, page.Count(e => e.ServerId == a.Key))).ToList();
        return new HistoryResult(page, counts, unavailable, continuation);
    }

    /// <summary>
    /// What to ask one member for, given the position the previous page ended at (time T, server S, event E): servers
    /// ordered before S only for events after T, servers after S from T on, S itself for events after E.
    /// </summary>
    internal static HistoryRequest? RequestFor(string server, DateTimeOffset from, DateTimeOffset to, string? type, int limit, HistoryCursor? cursor)
    {
        var start = from;
        string? after = null;
        if (cursor is not null)
        {
            var order = string.CompareOrdinal(server, cursor.ServerId);
            var resume = order < 0 ? cursor.At.AddTicks(1) : cursor.At;
            start = resume > from ? resume : from;
            after = order == 0 ? cursor.EventId : null;
        }

        return start >= to ? null : new HistoryRequest { From = start, To = to, Type = type, Limit = limit, After = after };
    }

    private async Task<Answer> AskAsync(string server, HistoryRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return new Answer([], false, null); // nothing of the window left past the cursor
        }

        var timeout = options.Value.ServerTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        DirectMethodOutcome outcome;
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(request, HistoryJsonContext.Default.HistoryRequest);
            var hubTimeout = timeout > MinHubTimeout ? timeout : MinHubTimeout;

            // WaitAsync also releases us from a client that does not honour its token.
            outcome = await client.InvokeAsync(server, commandOptions.Value.ModuleId, DirectMethodNames.History, payload, hubTimeout, linked.Token)
                .WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(server, UnavailableReasons.Timeout, $"No answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failed(server, UnavailableReasons.Error, "The direct method could not be sent: " + ex.Message);
        }

        return outcome.Status switch
        {
            DirectMethodStatus.Answered when outcome.ResponseStatus == 200 => Parse(server, outcome.PayloadJson),
            DirectMethodStatus.Answered => Failed(server, UnavailableReasons.Error, $"The module answered {outcome.ResponseStatus}: {MessageOf(outcome.PayloadJson)}"),
            DirectMethodStatus.DeviceOffline => Failed(server, UnavailableReasons.Offline, outcome.Error ?? "The server's module is not connected."),
            DirectMethodStatus.Timeout => Failed(server, UnavailableReasons.Timeout, outcome.Error ?? "The module did not answer in time."),
            _ => Failed(server, UnavailableReasons.Error, outcome.Error ?? "The direct method failed."),
        };
    }

    private static Answer Parse(string server, string? json)
    {
        HistoryPage? page = null;
        try
        {
            page = string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, HistoryJsonContext.Default.HistoryPage);
        }
        catch (JsonException)
        {
        }

        if (page?.Events is not { } events || events.Any(e => e is null || string.IsNullOrEmpty(e.EventId) || string.IsNullOrEmpty(e.ProducerId))
            || (page.More && events.Count == 0))
        {
            return Failed(server, UnavailableReasons.Error, "The module's answer is not a history page.");
        }

        return new Answer(events, page.More, null);
    }

    private static string MessageOf(string? json)
    {
        try
        {
            return json is null ? "(no message)" : JsonSerializer.Deserialize(json, MethodJsonContext.Default.MethodResult)?.Message ?? json;
        }
        catch (JsonException)
        {
            return json!;
        }
    }

    private static Answer Failed(string server, string reason, string detail) => new([], false, new UnavailableServer(server, reason, detail));

    private sealed record Answer(IReadOnlyList<HistoryEvent> Events, bool More, UnavailableServer? Failure);

    /// <summary>One member's own order: local time, then event number.</summary>
    private sealed class EventOrder : IComparer<HistoryEvent>
    {
        public static readonly EventOrder Instance = new();

        public int Compare(HistoryEvent? x, HistoryEvent? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byTime = x.At.UtcTicks.CompareTo(y.At.UtcTicks);
            return byTime != 0 ? byTime : x.Number.CompareTo(y.Number);
        }
    }

    /// <summary>The coalesced order: local time, then server id (ordinal), then event number.</summary>
    internal sealed class MergeOrder : IComparer<MemberEvent>
    {
        public static readonly MergeOrder Instance = new();

        public int Compare(MemberEvent? x, MemberEvent? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byTime = x.Event.At.UtcTicks.CompareTo(y.Event.At.UtcTicks);
            if (byTime != 0)
            {
                return byTime;
            }

            var byServer = string.CompareOrdinal(x.ServerId, y.ServerId);
            return byServer != 0 ? byServer : x.Event.Number.CompareTo(y.Event.Number);
        }
    }
}
