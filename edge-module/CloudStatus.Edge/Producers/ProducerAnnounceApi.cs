using CloudStatus.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers;

/// <summary>
/// <c>POST /api/producers/{producerId}/announce</c> (docs/adr/0175): equipment that was plugged in, booted or
/// readdressed, or its element manager, says so, and the adapter that polls it polls it now instead of at its next
/// interval. The announcement carries no status: what is reported is what the poll reads. The same callers and
/// subtree rule as the push (ADR 65): 401, 403; 404 when no adapter of this module polls the producer; 202 when one does.
/// </summary>
internal static class ProducerAnnounceApi
{
    public const string Route = "/api/producers/{producerId}/announce";

    public static RouteHandlerBuilder MapProducerAnnounceApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, Announce)
            .WithName("AnnounceProducer")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static Results<Accepted, ProblemHttpResult> Announce(
        string producerId,
        HttpRequest request,
        IObservationIntake intake,
        ProducerPushAuthenticator authenticator,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(ProducerAnnounceApi).FullName!);
        if (PushListenerRefusals.Caller(request, authenticator, logger, "An announcement", out var unauthorized) is not { } caller)
        {
            return unauthorized!;
        }

        if (!ProducerId.IsValid(producerId))
        {
            return TypedResults.Problem(
                detail: $"'{producerId}' is not a producer id (1–128 characters of [A-Za-z0-9._:-]).",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid producer id");
        }

        if (authenticator.Authorize(caller, producerId, null) is { } refusal)
        {
            return PushListenerRefusals.Forbidden(logger, caller, producerId, refusal);
        }

        if (!intake.Announce(producerId))
        {
            Log.AnnouncedNotPolled(logger, producerId, caller.Name);
            return TypedResults.Problem(
                detail: $"No adapter of this module polls '{producerId}'; equipment that reports by itself pushes its status to {ProducerPushApi.Route}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Not polled here");
        }

        Log.ProducerAnnounced(logger, producerId, caller.Name);
        return TypedResults.Accepted((string?)null);
    }
}
