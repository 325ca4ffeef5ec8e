using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CloudStatus.Functions.Api;

/// <summary>The RFC 7807 answers handlers return.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult BadContinuation(Exception exception) =>
        TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid continuation token");
}
