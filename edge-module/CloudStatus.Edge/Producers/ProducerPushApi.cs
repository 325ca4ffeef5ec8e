using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers;

/// <summary>
/// The push adapter (E1): <c>POST /api/producers/status</c> with one observation object or an array of them.
/// 202 when accepted, 400 problem details when anything is malformed (nothing of a bad request is taken). The caller
/// names itself with a bearer secret (401 when it does not, or not rightly) and may speak only for the producer
/// subtrees it is registered for (403 otherwise, and nothing of that request is taken); ADR 65.
/// </summary>
internal static class ProducerPushApi
{
    public const string Route = "/api/producers/status";
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    public const int MaxObservations = 10_000;

    public static IServiceCollection AddProducerPushApi(this IServiceCollection services)
    {
        services.AddOptions<ProducerPushAuthOptions>();
        services.AddMetrics();
        services.TryAddSingleton<ProducerPushAuthenticator>();
        return services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProducerPushJsonContext.Default));
    }

    public static RouteHandlerBuilder MapProducerPushApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, PushAsync)
            .WithName("PushProducerStatus")
            .Accepts<PushedObservation>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<Results<Accepted<PushAccepted>, ProblemHttpResult>> PushAsync(
        HttpRequest request,
        IObservationIntake intake,
        ProducerPushAuthenticator authenticator,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(ProducerPushApi).FullName!);
        if (PushListenerRefusals.Caller(request, authenticator, logger, "A producer push", out var unauthorized) is not { } caller)
        {
            return unauthorized!;
        }

        var (observations, error) = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            Log.PushRejected(logger, error);
            return TypedResults.Problem(detail: error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid producer observation");
        }

        foreach (var observation in observations)
        {
            if (authenticator.Authorize(caller, observation.ProducerId!, observation.ParentId) is { } refusal)
            {
                return PushListenerRefusals.Forbidden(logger, caller, observation.ProducerId!, refusal);
            }
        }

        foreach (var observation in observations)
        {
            intake.Post(observation.ToObservation());
        }

        return TypedResults.Accepted((string?)null, new PushAccepted(observations.Count));
    }

    private static async Task<(List<PushedObservation> Observations, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return ([], $"The body is larger than {MaxBodyBytes} bytes.");
        }

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return ([], $"The body is larger than {MaxBodyBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            body = buffer.ToArray();
        }

        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return ([], "The body is empty; expected an observation object or an array of them.");
        }

        List<PushedObservation>? observations;
        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var one = JsonSerializer.Deserialize(body, ProducerPushJsonContext.Default.PushedObservation);
                    observations = one is null ? null : [one];
                    break;
                case JsonTokenType.StartArray:
                    observations = JsonSerializer.Deserialize(body, ProducerPushJsonContext.Default.ListPushedObservation);
                    break;
                default:
                    return ([], "Expected an observation object or an array of them.");
            }
        }
        catch (JsonException ex)
        {
            return ([], "Malformed JSON: " + ex.Message);
        }

        if (observations is null)
        {
            return ([], "Expected an observation object or an array of them.");
        }

        if (observations.Count > MaxObservations)
        {
            return ([], $"At most {MaxObservations} observations per request.");
        }

        for (var i = 0; i < observations.Count; i++)
        {
            if (observations[i] is null)
            {
                return ([], $"observations[{i}] is null.");
            }

            if (observations[i].Validate() is { } reason)
            {
                return ([], observations.Count == 1 ? reason : $"observations[{i}]: {reason}");
            }
        }

        return (observations, null);
    }
}
