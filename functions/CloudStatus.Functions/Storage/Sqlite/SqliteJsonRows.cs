using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CloudStatus.Core.Buffers;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

/// <summary>
/// A batch of rows as one UTF-8 JSON array, <c>[{"ticks":…,"deleted":…,"doc":{…}}, …]</c>, written into a pooled
/// buffer and bound as one blob: a statement reads it with <see cref="Source"/> and takes its columns with
/// <c>json_extract(value, '$.doc.…')</c>. One statement per batch instead of one per row, and no string per
/// document or parameter (docs/adr/0185).
/// </summary>
internal sealed class SqliteJsonRows : IDisposable
{
    /// <summary>The rows as a table for <c>INSERT … SELECT</c>; the blob is read as UTF-8 text up to its written length.</summary>
    public const string Source = "json_each(CAST(substr($rows, 1, $length) AS TEXT))";

    private readonly PooledBufferWriter _buffer;
    private readonly Utf8JsonWriter _writer;

    public SqliteJsonRows(int count)
    {
        _buffer = new PooledBufferWriter(Math.Max(1024, count * 512));
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartArray();
    }

    /// <summary>Adds one row: <paramref name="ticks"/> and <paramref name="deleted"/> beside the document.</summary>
    public void Add<T>(T doc, JsonTypeInfo<T> typeInfo, long ticks, bool deleted = false)
    {
        _writer.WriteStartObject();
        _writer.WriteNumber("ticks"u8, ticks);
        _writer.WriteNumber("deleted"u8, deleted ? 1 : 0);
        _writer.WritePropertyName("doc"u8);
        JsonSerializer.Serialize(_writer, doc, typeInfo);
        _writer.WriteEndObject();
    }

    /// <summary>Ends the array and binds it to <c>$rows</c> and <c>$length</c> of <paramref name="command"/>.</summary>
    public void Bind(SqliteCommand command)
    {
        _writer.WriteEndArray();
        _writer.Flush();
        command.Parameters.Add("$rows", SqliteType.Blob).Value = _buffer.Buffer;
        command.Parameters.Add("$length", SqliteType.Integer).Value = _buffer.WrittenCount;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
