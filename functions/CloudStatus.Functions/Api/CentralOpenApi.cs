using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Functions.Api;

/// <summary>
/// The OpenAPI document of API v1 (<c>/openapi/v1.json</c>) made complete enough for a client generator: info and
/// contact, a server URL, the bearer security scheme with the app role each operation needs, typed and described
/// query and path parameters, strict number schemas and the command action enum. Linted with Spectral in the tests.
/// </summary>
internal static class CentralOpenApi
{
    public static IServiceCollection AddCentralOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<OpenApiDocumentDetails>();
            options.AddOperationTransformer<OpenApiOperationDetails>();
            options.AddSchemaTransformer(OpenApiSchemaDetails.TransformAsync);
        });
}
