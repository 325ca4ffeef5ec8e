using System.Text.Json.Nodes;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CloudStatus.Functions.Api;

/// <summary>
/// Per operation: the security requirement with the app role its authorization policy needs, and a typed, described
/// schema for each parameter (the API binds query values as text and validates them itself, so the generator alone
/// would call every parameter a string).
/// </summary>
internal sealed class OpenApiOperationDetails : IOpenApiOperationTransformer
{
    private const string IdPattern = "^[A-Za-z0-9._:-]{1,128}$";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            // Roles are not OAuth2 scopes (Entra ID grants app roles by assignment), so the requirement lists none and
            // the roles accepted are named in x-required-roles and the description.
            string[] roles = policies.Contains(CloudStatusClaims.OperatePolicy)
                ? [CloudStatusClaims.OperateRole]
                : [CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole];
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(OpenApiDocumentDetails.BearerScheme, context.Document)] = [],
            });
            if (context.Document?.Components?.SecuritySchemes?.TryGetValue(OpenApiDocumentDetails.OAuth2Scheme, out var entra) == true
                && entra.Flows?.ClientCredentials?.Scopes?.Keys.FirstOrDefault() is { } scope)
            {
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(OpenApiDocumentDetails.OAuth2Scheme, context.Document)] = [scope],
                });
            }

            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions["x-required-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => (JsonNode)JsonValue.Create(r))]));
            operation.Description = $"{operation.Description} Needs app role {string.Join(" or ", roles)}.".TrimStart();
        }

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (Describe(parameter.Name, parameter.In, operation.OperationId) is { } details)
            {
                parameter.Description = details.Description;
                parameter.Schema = details.Schema;
            }
        }

        return Task.CompletedTask;
    }

    private static (string Description, OpenApiSchema Schema)? Describe(string? name, ParameterLocation? location, string? operationId)
    {
        if (location == ParameterLocation.Path)
        {
            return ($"The {name![..^2]}'s id.", Text(IdPattern));
        }

        return name switch
        {
            "limit" => operationId == "ListDeadLetters"
                ? ("Page size; at most 100 dead letters are returned per page.", Integer(1, PageQuery.MaxLimit, PageQuery.DefaultLimit))
                : ("Page size.", Integer(1, PageQuery.MaxLimit, PageQuery.DefaultLimit)),
            "continuation" => ("An opaque token from a previous page of the same query (same filters).", Text(null)),
            "from" => ("Start of the window, inclusive (ISO-8601 date-time; a date alone is midnight UTC).", DateTime()),
            "to" => ("End of the window, exclusive (ISO-8601 date-time; default: now).", DateTime()),
            "type" => ("Only events of this type, e.g. healthChanged, added, deleted, serverOnline, serverOffline.", Text("^[A-Za-z0-9]{1,64}$")),
            "order" => ("Listing order by central time: newest first or oldest first.", Enum(EventsQuery.Newest, EventsQuery.Oldest)),
            "serverId" => ("Only this server's events.", Text(IdPattern)),
            "siteId" => ("Only servers of this site.", Text(IdPattern)),
            "tenantId" => ("Only servers of this tenant (within the tenants the caller may see).", Text(IdPattern)),
            "online" => ("Only servers heard from (true) or not (false).", Boolean()),
            "kind" => (
                "Only producers of this kind. Kinds are open-ended strings; well-known ones are server, switch, device, port, "
                + "trunk, fan and localService.",
                Text("^[A-Za-z0-9._-]{1,64}$")),
            "parentId" => ("Only direct children of this producer.", Text(IdPattern)),
            "health" => ("Only producers in this health.", Enum([.. QueryValues.HealthNames])),
            "stale" => ("Only producers central marked stale (true) or not (false).", Boolean()),
            "flapping" => ("Only flapping producers (true) or steady ones (false).", Boolean()),
            "deleted" => ("Only tombstones (true) or live records (false); default both.", Boolean()),
            "conflict" => ("Only producers flagged conflict, newcomers of an open address conflict (true), or only the others (false).", Boolean()),
            "status" => ("Only open or only resolved conflicts; default both.", Enum(Core.Addresses.ConflictStatuses.Open, Core.Addresses.ConflictStatuses.Resolved)),
            _ => null,
        };
    }

    private static OpenApiSchema Text(string? pattern) => new() { Type = JsonSchemaType.String, Pattern = pattern };

    private static OpenApiSchema DateTime() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };

    private static OpenApiSchema Integer(int minimum, int maximum, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
    };

    private static OpenApiSchema Enum(params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };
}
