using System.Text.Json.Nodes;
using CloudStatus.Functions.Commands;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CloudStatus.Functions.Api;

/// <summary>
/// Schema fixes for generators: numbers are plain numbers (the web JSON defaults also read numbers from strings, which
/// the generator would publish as an integer-or-string union), and a command's action is an enum.
/// </summary>
internal static class OpenApiSchemaDetails
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (context.JsonTypeInfo.Type == typeof(CommandRequestDto) || context.JsonTypeInfo.Type == typeof(CommandDto))
        {
            if (schema.Properties?.TryGetValue("action", out var action) == true && action is OpenApiSchema actionSchema)
            {
                actionSchema.Enum = [.. CommandActions.All.Select(a => (JsonNode)JsonValue.Create(a))];
                actionSchema.Description = "add (with serverId, kind, optional parentId and config), delete, resync or reboot; start or stop of a supervised process.";
            }
        }

        return Task.CompletedTask;
    }
}
