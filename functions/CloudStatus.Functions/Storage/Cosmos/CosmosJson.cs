using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Documents are the store's camelCase JSON (<see cref="StoreJsonContext"/>, <see cref="CosmosJsonContext"/>) plus
/// the fields Cosmos needs: <c>id</c>, the partition key when the record lacks it, and <c>t</c> (19-digit UTC ticks,
/// so string order is time order) where a query sorts or filters by time. Unknown fields (<c>_etag</c>, <c>_ts</c>…) are
/// ignored when reading back.
/// </summary>
internal static class CosmosJson
{
    public static JsonSerializerOptions SerializerOptions { get; } = new(CosmosJsonContext.Default.Options);

    public static JsonObject ToObject<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToNode(value, typeInfo) as JsonObject
        ?? throw new InvalidOperationException($"{typeof(T).Name} did not serialize to a JSON object.");

    public static T Read<T>(JsonElement document, JsonTypeInfo<T> typeInfo) =>
        document.Deserialize(typeInfo) ?? throw new InvalidDataException($"A null {typeof(T).Name} document.");

    public static MemoryStream ToStream(JsonObject document)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            document.WriteTo(writer);
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>A time as 19-digit UTC ticks: ordered as strings, exact to the tick (a JSON number would lose precision).</summary>
    public static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
