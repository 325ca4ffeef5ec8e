using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>
/// The documented answer to an invocation, <c>{"Outputs":{…},"Logs":[…],"ReturnValue":…}</c>. Our functions have no
/// output bindings and no <c>$return</c>, so Outputs is empty and ReturnValue null; the host writes each Logs line to
/// the invocation's log when the status is 2xx. Any other status fails the invocation.
/// </summary>
internal sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, JsonElement> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] JsonElement? ReturnValue)
{
    public static InvocationResponse WithLogs(IReadOnlyList<string> logs) => new(new Dictionary<string, JsonElement>(), logs, null);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InvocationResponse))]
internal sealed partial class CustomHandlerJsonContext : JsonSerializerContext;
