using System.Security.Claims;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>/events</c>: status changes newest first, paged, and <c>/deadletters</c> for operators.</summary>
internal static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/events", ListEventsAsync).WithName("ListEvents");
        group.MapGet("/deadletters", ListDeadLettersAsync).WithName("ListDeadLetters").RequireAuthorization(CloudStatusClaims.OperatePolicy);
        return group;
    }

    internal static async Task<Results<Ok<PageDto<EventDto>>, ProblemHttpResult>> ListEventsAsync(
        [AsParameters] EventsQuery query, ClaimsPrincipal user, IServerStore servers, IEventStore events, TimeProvider time, CancellationToken cancellationToken)
    {
        var (from, to) = query.Range(time.GetUtcNow());
        var tenants = await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false);
        try
        {
            var page = await events.QueryAsync(
                new EventQuery
                {
                    TenantIds = tenants,
                    From = from,
                    To = to,
                    Type = query.Type,
                    ServerId = query.ServerId,
                    Limit = query.LimitValue,
                    Continuation = query.Continuation,
                },
                cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new PageDto<EventDto>([.. page.Items.Select(e => e.ToDto())], page.Continuation));
        }
        catch (InvalidContinuationException ex)
        {
            return Problems.BadContinuation(ex);
        }
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
