using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteDeadLetterStore(SqliteCentralDatabase database) : IDeadLetterStore
{
    public Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO dead_letters (id, device_id, reason, content_encoding, message_id, received_ticks, body)
                VALUES ($id, $device, $reason, $encoding, $message, $ticks, $body)
                """;
            command.Parameters.AddWithValue("$id", deadLetter.Id);
            command.Parameters.AddWithValue("$device", deadLetter.DeviceId);
            command.Parameters.AddWithValue("$reason", deadLetter.Reason);
            command.Parameters.AddWithValue("$encoding", (object?)deadLetter.ContentEncoding ?? DBNull.Value);
            command.Parameters.AddWithValue("$message", (object?)deadLetter.MessageId ?? DBNull.Value);
            command.Parameters.AddWithValue("$ticks", deadLetter.ReceivedAt.UtcTicks);
            command.Parameters.Add("$body", SqliteType.Blob).Value = deadLetter.Body;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<Page<DeadLetter>> ListAsync(int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        (long Ticks, string Id)? after = null;
        if (continuation is not null)
        {
            var parts = ContinuationToken.Decode(continuation, 2);
            after = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                ? (t, parts[1])
                : throw new InvalidContinuationException();
        }

        return database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = after is null
                ? "SELECT id, device_id, reason, content_encoding, message_id, received_ticks, body FROM dead_letters ORDER BY received_ticks DESC, id DESC LIMIT $limit"
                : "SELECT id, device_id, reason, content_encoding, message_id, received_ticks, body FROM dead_letters WHERE (received_ticks, id) < ($t, $id) ORDER BY received_ticks DESC, id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit + 1);
            if (after is { } a)
            {
                command.Parameters.AddWithValue("$t", a.Ticks);
                command.Parameters.AddWithValue("$id", a.Id);
            }

            var items = new List<DeadLetter>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    items.Add(new DeadLetter
                    {
                        Id = reader.GetString(0),
                        DeviceId = reader.GetString(1),
                        Reason = reader.GetString(2),
                        ContentEncoding = reader.IsDBNull(3) ? null : reader.GetString(3),
                        MessageId = reader.IsDBNull(4) ? null : reader.GetString(4),
                        ReceivedAt = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                        Body = (byte[])reader.GetValue(6),
                    });
                }
            }

            if (items.Count <= limit)
            {
                return new Page<DeadLetter>(items, null);
            }

            items.RemoveAt(limit);
            var last = items[^1];
            return new Page<DeadLetter>(items, ContinuationToken.Encode(last.ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.Id));
        }, cancellationToken);
    }
}
