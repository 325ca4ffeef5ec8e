using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary>HTTP API v1: one group under <c>/api/v1</c> with authorization and validation applied once.</summary>
internal static class CentralApi
{
    public static IEndpointRouteBuilder MapCentralApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(CloudStatusClaims.ReadPolicy)
            .AddEndpointFilter<ValidationFilter>()
            .WithTags(OpenApiDocumentDetails.Tag)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);
        v1.MapServersApi();
        v1.MapSitesApi();
        v1.MapEventsApi();
        v1.MapHistoryApi();
        v1.MapCommandsApi();
        v1.MapExportsApi();
        v1.MapConflictsApi();
        return endpoints;
    }
}
