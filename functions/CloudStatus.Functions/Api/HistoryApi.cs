using System.Security.Claims;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.History;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>/history</c>: the full-fidelity local histories of the caller's member servers, asked live and coalesced (S3).</summary>
internal static class HistoryApi
{
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder group)
    {
        group.MapGet("/history", GetHistoryAsync)
            .WithName("GetHistory")
            .WithSummary("Every member server's own full-fidelity history over a time window, coalesced into one ordered set.")
            .WithDescription(
                "Asks every local server of the caller's tenants, in parallel and each within a timeout, for its local event "
                + "history with local time in [from, to) (default: the last hour), optionally of one type (appeared, health, "
                + "flappingStarted, flappingStopped, reboot, delete, silent, resumed, configured, gap). This includes the chatter "
                + "the central log filters out. The answer is one set ordered by (time, serverId, event number), each item "
                + "tagged with its serverId, with firstEventId and lastEventId; members lists the servers that answered, "
                + "unavailable those that did not (offline, timeout, error) with the reason — they are left out of the rest "
                + "of the query. Pass continuation with the same from, to and type for the next page.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return group;
    }

    internal static async Task<Results<Ok<HistoryDto>, ProblemHttpResult>> GetHistoryAsync(
        [AsParameters] HistoryQuery query,
        ClaimsPrincipal user,
        IServerStore servers,
        HistoryCoalescer history,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        HistoryCursor? cursor;
        try
        {
            cursor = query.Continuation is null ? null : HistoryCursor.Decode(query.Continuation);
        }
        catch (InvalidContinuationException ex)
        {
            return Problems.BadContinuation(ex);
        }

        var (from, to) = query.Range(time.GetUtcNow());
        var scope = TenantScope.From(user);
        var tenants = await scope.ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false);
        var members = new Dictionary<string, ServerState>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            foreach (var server in await servers.ListByTenantAsync(tenant, cancellationToken).ConfigureAwait(false))
            {
                members[server.ServerId] = server;
            }
        }

        var result = await history.QueryAsync(members.Keys, from, to, query.Type, query.LimitValue, cursor, cancellationToken).ConfigureAwait(false);
        var items = result.Events
            .Select(e => new HistoryItemDto(e.ServerId, e.Event.EventId, e.Event.ProducerId, e.Event.Type, e.Event.Health, e.Event.PreviousHealth, e.Event.At, e.Event.Detail))
            .ToList();
        return TypedResults.Ok(new HistoryDto(
            from,
            to,
            query.Type,
            items,
            items.Count > 0 ? items[0].EventId : null,
            items.Count > 0 ? items[^1].EventId : null,
            [.. result.Members.Select(m => new HistoryMemberDto(m.ServerId, m.Events, members[m.ServerId].ClockOffsetMs))],
            [.. result.Unavailable.Select(u => new UnavailableServerDto(u.ServerId, u.Reason, u.Detail))],
            result.Continuation));
    }
}
