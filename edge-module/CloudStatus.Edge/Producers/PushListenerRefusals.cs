using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers;

/// <summary>The push listener's refusals (ADR 65), shared by its routes: the caller unknown (401) or not this producer's (403).</summary>
internal static class PushListenerRefusals
{
    /// <summary>
    /// The registered caller named by the request's bearer secret; null when there is none, and then
    /// <paramref name="unauthorized"/> is the 401 to answer (logged, with <c>WWW-Authenticate</c> set).
    /// </summary>
    public static ProducerPushCaller? Caller(
        HttpRequest request, ProducerPushAuthenticator authenticator, ILogger logger, string needs, out ProblemHttpResult? unauthorized)
    {
        var caller = authenticator.Authenticate(request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
        unauthorized = null;
        if (caller is null)
        {
            Log.PushUnauthenticated(logger, request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            unauthorized = TypedResults.Problem(
                detail: $"{needs} needs the bearer secret of a registered caller.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unknown caller");
        }

        return caller;
    }

    /// <summary>The 403 for a caller that may not speak for <paramref name="producerId"/> (logged).</summary>
    public static ProblemHttpResult Forbidden(ILogger logger, ProducerPushCaller caller, string producerId, string refusal)
    {
        Log.PushForbidden(logger, caller.Name, producerId);
        return TypedResults.Problem(detail: refusal, statusCode: StatusCodes.Status403Forbidden, title: "Not this caller's producer");
    }
}
