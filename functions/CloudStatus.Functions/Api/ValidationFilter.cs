using CloudStatus.Core.Model;
using Microsoft.AspNetCore.Http;

namespace CloudStatus.Functions.Api;

/// <summary>
/// The one validation filter of API v1: route values named <c>…Id</c> must be valid ids, and every
/// <see cref="IValidatable"/> argument (query parameter sets, bodies) must validate; otherwise 400 problem details.
/// </summary>
internal sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in context.HttpContext.Request.RouteValues)
        {
            if (key.EndsWith("Id", StringComparison.Ordinal) && value is string id && !ProducerId.IsValid(id))
            {
                errors[key] = ["Must be 1–128 characters of [A-Za-z0-9._:-]."];
            }
        }

        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatable validatable)
            {
                foreach (var (field, messages) in validatable.Validate())
                {
                    errors[field] = messages;
                }
            }
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : await next(context).ConfigureAwait(false);
    }
}
