using System.Security.Claims;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>POST /commands</c> (Status.Operate) and <c>GET /commands/{commandId}</c>.</summary>
internal static class CommandsApi
{
    public static RouteGroupBuilder MapCommandsApi(this RouteGroupBuilder group)
    {
        group.MapPost("/commands", SubmitAsync).WithName("SubmitCommand").RequireAuthorization(CloudStatusClaims.OperatePolicy);
        group.MapGet("/commands/{commandId}", GetAsync).WithName("GetCommand");
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
