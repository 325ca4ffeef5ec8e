using System.Security.Claims;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>/events</c>: status changes over a window, paged both ways, and <c>/deadletters</c> for operators.</summary>
internal static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/events", ListEventsAsync)
            .WithName("ListEvents")
            .WithMetadata(ReadCacheable.Instance)
            .WithSummary("The central event log over a time window, paged both ways from either end.")
            .WithDescription(
                "Events with central time in [from, to) (default: the 7 days before now), optionally of one type and server, "
                + "newest first (order=newest, the default) or oldest first (order=oldest). Each page carries firstEventId and "
                + "lastEventId, a continuation token for the page after its last event and a previous token for the page "
                + "before its first event (null when nothing lies there); pass either as ?continuation= with the same filters.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/deadletters", ListDeadLettersAsync)
            .WithName("ListDeadLetters")
            .WithSummary("Messages ingest could not apply, newest first (fleet-wide operators only).")
            .WithDescription(
                "Dead letters with their reason, device, size and the first 4 KiB of the body (base64), at most 100 per page. "
                + "Needs Status.Operate and every tenant ('*'): a dead letter may not say which tenant it came from.")
            .RequireAuthorization(CloudStatusClaims.OperatePolicy)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return group;
    }

    internal static async Task<Results<Ok<EventPageDto>, ProblemHttpResult>> ListEventsAsync(
        [AsParameters] EventsQuery query, ClaimsPrincipal user, IServerStore servers, IEventStore events, TimeProvider time, CancellationToken cancellationToken)
    {
        var (from, to) = query.Range(time.GetUtcNow());
        EventCursor? cursor;
        try
        {
            cursor = query.Continuation is null ? null : EventCursor.Decode(query.Continuation);
        }
        catch (InvalidContinuationException ex)
        {
            return Problems.BadContinuation(ex);
        }

        var order = query.OrderValue;
        var fetch = cursor?.FetchOrder ?? order;
        var tenants = await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false);
        var page = await events.QueryAsync(
            new EventQuery
            {
                TenantIds = tenants,
                From = from,
                To = to,
                Type = query.Type,
                ServerId = query.ServerId,
                Limit = query.LimitValue,
                Order = fetch,
                StartAfter = cursor?.Position,
            },
            cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Present(page, order, fetch, fromCursor: cursor is not null));
    }

    /// <summary>
    /// A fetched page in the listing order with its first and last ids and both links. A page fetched towards the
    /// listing order (first page, or a continuation) has a next link when the store has more and a previous link when
    /// it was reached by a cursor; a page fetched against it (a previous link) the other way round.
    /// </summary>
    internal static EventPageDto Present(Page<StatusEvent> page, EventOrder order, EventOrder fetch, bool fromCursor)
    {
        var items = page.Items.ToList();
        var forward = fetch == order;
        if (!forward)
        {
            items.Reverse();
        }

        if (items.Count == 0)
        {
            return new EventPageDto([], null, null, null, null);
        }

        var more = page.Continuation is not null;
        var newestFirst = order == EventOrder.NewestFirst;
        var hasNext = forward ? more : fromCursor;
        var hasPrevious = forward ? fromCursor : more;
        return new EventPageDto(
            [.. items.Select(e => e.ToDto())],
            items[0].EventId,
            items[^1].EventId,
            hasNext ? new EventCursor(Newer: !newestFirst, EventPosition.Of(items[^1])).Encode() : null,
            hasPrevious ? new EventCursor(Newer: newestFirst, EventPosition.Of(items[0])).Encode() : null);
    }

    internal static async Task<Results<Ok<PageDto<DeadLetterDto>>, ProblemHttpResult>> ListDeadLettersAsync(
        [AsParameters] PageQuery page, ClaimsPrincipal user, IDeadLetterStore deadLetters, CancellationToken cancellationToken)
    {
        const int BodyPreviewBytes = 4096;
        if (!TenantScope.From(user).All)
        {
            // A dead letter may not say which tenant it came from: only fleet-wide operators see them.
            return TypedResults.Problem("Dead letters are visible to fleet-wide operators only.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        try
        {
            var result = await deadLetters.ListAsync(Math.Min(page.LimitValue, 100), page.Continuation, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new PageDto<DeadLetterDto>(
                [.. result.Items.Select(d => new DeadLetterDto(
                    d.Id, d.DeviceId, d.Reason, d.ReceivedAt, d.MessageId, d.ContentEncoding, d.Body.Length,
                    Convert.ToBase64String(d.Body.AsSpan(0, Math.Min(d.Body.Length, BodyPreviewBytes))),
                    d.Body.Length > BodyPreviewBytes))],
                result.Continuation));
        }
        catch (InvalidContinuationException ex)
        {
            return Problems.BadContinuation(ex);
        }
    }
}
