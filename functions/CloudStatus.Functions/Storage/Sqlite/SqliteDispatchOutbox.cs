using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

/// <summary>
/// The dispatch queue as an outbox table in the embedded database, with a storage queue's semantics: receiving hides
/// a row until its visibility time and raises its dequeue count in one statement, completing deletes it only with the
/// receipt of the latest delivery, poisoning moves it to <c>dispatch_poison</c> with the reason.
/// </summary>
internal sealed class SqliteDispatchOutbox(SqliteCentralDatabase database, TimeProvider time, DispatchSignal signal) : IDispatchQueue
{
    public string Name => "dispatch_outbox";

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => database.EnsureCreatedAsync(cancellationToken);

    public Task EnqueueAsync(string body, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            var now = time.GetUtcNow().UtcTicks;
            await using var sql = connection.CreateCommand();
            sql.CommandText = "INSERT INTO dispatch_outbox (body, enqueued_ticks, visible_ticks, dequeue_count) VALUES ($body, $now, $now, 0)";
            sql.Parameters.AddWithValue("$body", body);
            sql.Parameters.AddWithValue("$now", now);
            await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            signal.Notify();
        }, cancellationToken);

    public Task<IReadOnlyList<DispatchDelivery>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<DispatchDelivery>>(async connection =>
        {
            var now = time.GetUtcNow();
            var receipt = Guid.NewGuid().ToString("N");
            await using var sql = connection.CreateCommand();
            sql.CommandText = """
                UPDATE dispatch_outbox SET visible_ticks = $until, dequeue_count = dequeue_count + 1, receipt = $receipt
                WHERE id IN (SELECT id FROM dispatch_outbox WHERE visible_ticks <= $now ORDER BY id LIMIT $max)
                RETURNING id, dequeue_count, body
                """;
            sql.Parameters.AddWithValue("$until", (now + visibilityTimeout).UtcTicks);
            sql.Parameters.AddWithValue("$receipt", receipt);
            sql.Parameters.AddWithValue("$now", now.UtcTicks);
            sql.Parameters.AddWithValue("$max", maxMessages);
            var deliveries = new List<DispatchDelivery>();
            await using var reader = await sql.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                deliveries.Add(new DispatchDelivery(
                    reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), receipt, reader.GetInt64(1), reader.GetString(2)));
            }

            return [.. deliveries.OrderBy(d => long.Parse(d.MessageId, CultureInfo.InvariantCulture))];
        }, cancellationToken);

    public Task<bool> CompleteAsync(DispatchDelivery delivery, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "DELETE FROM dispatch_outbox WHERE id = $id AND receipt = $receipt";
            AddDelivery(sql, delivery);
            return await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task MoveToPoisonAsync(DispatchDelivery delivery, string reason, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT OR REPLACE INTO dispatch_poison (id, body, reason, dequeue_count, poisoned_ticks)
                    SELECT id, body, $reason, dequeue_count, $now FROM dispatch_outbox WHERE id = $id AND receipt = $receipt
                    """;
                AddDelivery(insert, delivery);
                insert.Parameters.AddWithValue("$reason", reason);
                insert.Parameters.AddWithValue("$now", time.GetUtcNow().UtcTicks);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var delete = connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM dispatch_outbox WHERE id = $id AND receipt = $receipt";
                AddDelivery(delete, delivery);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<PoisonedDispatch>> PeekPoisonAsync(int maxMessages, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<PoisonedDispatch>>(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "SELECT id, body, reason, poisoned_ticks FROM dispatch_poison ORDER BY poisoned_ticks, id LIMIT $max";
            sql.Parameters.AddWithValue("$max", maxMessages);
            var items = new List<PoisonedDispatch>();
            await using var reader = await sql.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new PoisonedDispatch(
                    reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
                    reader.GetString(1),
                    reader.GetString(2),
                    new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
            }

            return items;
        }, cancellationToken);

    private static void AddDelivery(SqliteCommand sql, DispatchDelivery delivery)
    {
        sql.Parameters.AddWithValue("$id", long.Parse(delivery.MessageId, CultureInfo.InvariantCulture));
        sql.Parameters.AddWithValue("$receipt", delivery.Receipt);
    }
}
