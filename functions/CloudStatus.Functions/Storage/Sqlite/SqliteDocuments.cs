using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

/// <summary>The SQLite stores keep each row's document as JSON in one column; these read it back.</summary>
internal static class SqliteDocuments
{
    public static T Read<T>(string doc, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(doc, typeInfo) ?? throw new InvalidDataException($"Null {typeof(T).Name} document.");

    /// <summary>Every row of <paramref name="command"/>, whose first column is the document.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(SqliteCommand command, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader.GetString(0), typeInfo));
        }

        return result;
    }
}
