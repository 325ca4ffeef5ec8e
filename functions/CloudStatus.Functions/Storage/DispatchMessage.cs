using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// What central sends to its servers after an invocation has answered: a stored command to dispatch (by id, the
/// command store holds the rest) or a resync request ingest decided on. The body of one dispatch queue message.
/// </summary>
internal sealed record DispatchMessage
{
    public const string CommandKind = "command";
    public const string ResyncKind = "resync";

    /// <summary>Tell a server's neighbourhood who its neighbours are (docs/adr/0146), after it registered.</summary>
    public const string NeighboursKind = "neighbours";

    public required string Kind { get; init; }
    public string? CommandId { get; init; }
    public string? ServerId { get; init; }
    public long? FromSeq { get; init; }
    public string? Reason { get; init; }

    public static DispatchMessage Command(string commandId) => new() { Kind = CommandKind, CommandId = commandId };

    public static DispatchMessage Resync(string serverId, long fromSeq, string reason) =>
        new() { Kind = ResyncKind, ServerId = serverId, FromSeq = fromSeq, Reason = reason };

    public static DispatchMessage Neighbours(string serverId) => new() { Kind = NeighboursKind, ServerId = serverId };

    public string ToJson() => JsonSerializer.Serialize(this, DispatchJsonContext.Default.DispatchMessage);

    /// <summary>The message in <paramref name="body"/>, or null with the reason when it is not one.</summary>
    public static DispatchMessage? Parse(string body, out string? error)
    {
        try
        {
            var message = JsonSerializer.Deserialize(body, DispatchJsonContext.Default.DispatchMessage);
            error = message switch
            {
                null => "The message is JSON null.",
                { Kind: CommandKind, CommandId: null or "" } => "A command message needs a commandId.",
                { Kind: ResyncKind, ServerId: null or "" } or { Kind: ResyncKind, FromSeq: null or < 0 } => "A resync message needs a serverId and a fromSeq of 0 or more.",
                { Kind: NeighboursKind, ServerId: null or "" } => "A neighbours message needs a serverId.",
                { Kind: CommandKind or ResyncKind or NeighboursKind } => null,
                _ => $"Unknown message kind '{message.Kind}'.",
            };
            return error is null ? message : null;
        }
        catch (JsonException ex)
        {
            error = "Not a dispatch message: " + ex.Message;
            return null;
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DispatchMessage))]
internal sealed partial class DispatchJsonContext : JsonSerializerContext;
