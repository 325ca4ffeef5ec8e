using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace CloudStatus.Functions.Api;

/// <summary>
/// Declares the RFC 7807 answers an endpoint (or a group) can give, so the OpenAPI document lists each with its
/// problem-details schema: 400 as validation problem details (field errors), every other status as problem details.
/// </summary>
internal static class ApiResponses
{
    public const string ProblemJson = "application/problem+json";

    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statusCodes);
        return builder.WithMetadata([.. statusCodes.Select(Metadata)]);
    }

    private static object Metadata(int statusCode) => statusCode == StatusCodes.Status400BadRequest
        ? new ProducesResponseTypeMetadata(statusCode, typeof(HttpValidationProblemDetails), [ProblemJson])
        : new ProducesResponseTypeMetadata(statusCode, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [ProblemJson]);
}
