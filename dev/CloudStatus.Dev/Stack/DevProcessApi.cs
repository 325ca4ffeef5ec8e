using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// Dev-only routes that make a supervised dev process (<see cref="DevSupervision"/>) misbehave: <c>crash</c> makes it exit
/// with code 3, <c>hang</c> makes it stop answering its probe. The process does it itself (the route asks it on its
/// loopback port), as a real process would crash or hang; the edge node's supervisor notices at its next check.
/// </summary>
internal static class DevProcessApi
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static IEndpointRouteBuilder MapDevProcessApi(this IEndpointRouteBuilder endpoints)
    {
        var processes = endpoints.MapGroup("/dev/sim/processes")
            .RequireAuthorization(CloudStatusClaims.OperatePolicy)
            .ExcludeFromDescription();
        processes.MapPost("/{producerId}/crash", (string producerId, DevFleet fleet, CancellationToken ct) => AskAsync(producerId, "crash", fleet, ct));
        processes.MapPost("/{producerId}/hang", (string producerId, DevFleet fleet, CancellationToken ct) => AskAsync(producerId, "hang", fleet, ct));
        return endpoints;
    }

    private static async Task<Results<Ok<SimProcessDto>, ProblemHttpResult>> AskAsync(
        string producerId, string what, DevFleet fleet, CancellationToken cancellationToken)
    {
        if (fleet.ProcessPort(producerId) is not { } port)
        {
            return TypedResults.Problem($"No supervised dev process '{producerId}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        try
        {
            using var response = await Http.PostAsync(new Uri($"http://127.0.0.1:{port}/{what}"), null, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            return TypedResults.Ok(new SimProcessDto(producerId, what));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TypedResults.Problem(
                $"Process '{producerId}' did not answer on port {port}: it is down or hung already.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Conflict");
        }
    }
}

internal sealed record SimProcessDto(string ProducerId, string Asked);
