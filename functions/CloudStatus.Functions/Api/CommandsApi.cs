using System.Security.Claims;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>POST /commands</c> (Status.Operate) and <c>GET /commands/{commandId}</c>.</summary>
internal static class CommandsApi
{
    /// <summary>The largest command body accepted (an add's configuration included); larger answers 413.</summary>
    internal const long MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapCommandsApi(this RouteGroupBuilder group)
    {
        group.MapPost("/commands", SubmitAsync)
            .WithName("SubmitCommand")
            .WithSummary("Asks a producer's server to add, delete, resync or reboot it (Status.Operate).")
            .WithDescription(
                "Records the command (pending) and sends it to the producer's server as a direct method; answers 202 with the "
                + "command id and its status URL. The same idempotencyKey returns the same command. add needs serverId and "
                + "kind (and optionally parentId and config); the others need an existing producer (404 otherwise). 409 when "
                + "the producer's state rules the command out (e.g. add of a live producer).")
            .RequireAuthorization(CloudStatusClaims.OperatePolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/commands/{commandId}", GetAsync)
            .WithName("GetCommand")
            .WithSummary("A command's status and audit record.")
            .WithDescription("Who asked for what and when, its status (pending, sent, waiting, succeeded, failed, timedOut), when it completed and the server's answer.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Accepted<CommandAcceptedDto>, ProblemHttpResult>> SubmitAsync(
        CommandRequestDto request, ClaimsPrincipal user, CommandService commands, CancellationToken cancellationToken)
    {
        var result = await commands.SubmitAsync(request.ToSubmission(), TenantScope.From(user), RequestedBy(user), cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            SubmitStatus.Accepted => TypedResults.Accepted($"/api/v1/commands/{result.Command!.CommandId}", new CommandAcceptedDto(result.Command.CommandId)),
            SubmitStatus.Conflict => Problems.Conflict(result.Detail!),
            _ => Problems.NotFound(result.Detail!),
        };
    }

    internal static async Task<Results<Ok<CommandDto>, ProblemHttpResult>> GetAsync(
        string commandId, ClaimsPrincipal user, CommandService commands, CancellationToken cancellationToken)
    {
        var command = await commands.GetAsync(commandId, TenantScope.From(user), cancellationToken).ConfigureAwait(false);
        return command is not null ? TypedResults.Ok(command.ToDto()) : Problems.NotFound($"Command '{commandId}' does not exist.");
    }

    /// <summary>The audit name of the caller: an Entra ID user's preferred name, else the identity's name.</summary>
    private static string RequestedBy(ClaimsPrincipal user) =>
        user.FindFirst("preferred_username")?.Value ?? user.Identity?.Name ?? "unknown";
}
