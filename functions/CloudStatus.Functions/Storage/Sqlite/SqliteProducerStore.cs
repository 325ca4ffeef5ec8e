using System.Globalization;
using System.Text.Json;
using CloudStatus.Core.Central;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteProducerStore(SqliteCentralDatabase database) : IProducerStore
{
    public Task<ProducerState?> GetAsync(string serverId, string producerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM producers WHERE server_id = $server AND producer_id = $id";
            command.Parameters.AddWithValue("$server", serverId);
            command.Parameters.AddWithValue("$id", producerId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string doc ? Read(doc) : null;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, ProducerState>> GetManyAsync(
        string serverId, IReadOnlyCollection<string> producerIds, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyDictionary<string, ProducerState>>(async connection =>
        {
            var result = new Dictionary<string, ProducerState>(StringComparer.Ordinal);
            foreach (var chunk in producerIds.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                await using var command = connection.CreateCommand();
                command.Parameters.AddWithValue("$server", serverId);
                var names = new string[chunk.Length];
                for (var i = 0; i < chunk.Length; i++)
                {
                    names[i] = "$p" + i.ToString(CultureInfo.InvariantCulture);
                    command.Parameters.AddWithValue(names[i], chunk[i]);
                }

                command.CommandText = $"SELECT doc FROM producers WHERE server_id = $server AND producer_id IN ({string.Join(',', names)})";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var producer = Read(reader.GetString(0));
                    result[producer.ProducerId] = producer;
                }
            }

            return result;
        }, cancellationToken);

    public Task UpsertManyAsync(string serverId, IReadOnlyCollection<ProducerState> producers, CancellationToken cancellationToken = default)
    {
        foreach (var producer in producers)
        {
            if (!string.Equals(producer.ServerId, serverId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Every producer must belong to server '{serverId}'.", nameof(producers));
            }
        }

        if (producers.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.RunAsync(async connection =>
        {
            using var rows = new SqliteJsonRows(producers.Count);
            foreach (var producer in producers)
            {
                rows.Add(producer, StoreJsonContext.Default.ProducerState, producer.CentralTimestamp.UtcTicks, producer.Deleted);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO producers (server_id, producer_id, deleted, central_ticks, doc)
                SELECT $server, json_extract(value, '$.doc.producerId'), json_extract(value, '$.deleted'), json_extract(value, '$.ticks'), json_extract(value, '$.doc')
                FROM {SqliteJsonRows.Source} WHERE true
                ON CONFLICT (server_id, producer_id) DO UPDATE SET deleted = excluded.deleted, central_ticks = excluded.central_ticks, doc = excluded.doc
                WHERE NOT (json_extract(producers.doc, '$.epoch') = json_extract(excluded.doc, '$.epoch')
                           AND json_extract(producers.doc, '$.seq') > json_extract(excluded.doc, '$.seq'))
                """;
            command.Parameters.Add("$server", SqliteType.Text).Value = serverId;
            rows.Bind(command);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ProducerState>> ListAsync(string serverId, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ProducerState>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM producers WHERE server_id = $server ORDER BY producer_id";
            command.Parameters.AddWithValue("$server", serverId);
            return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<Page<ProducerState>> PageAsync(
        string serverId, ProducerFilter filter, int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = continuation is null ? null : ContinuationToken.Decode(continuation, 2) switch
        {
            [var server, var id] when string.Equals(server, serverId, StringComparison.Ordinal) => id,
            _ => throw new InvalidContinuationException("The continuation token belongs to another listing."),
        };

        return database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM producers WHERE server_id = $server AND producer_id > $after"
                + Where(filter, command.Parameters)
                + " ORDER BY producer_id LIMIT $limit";
            command.Parameters.AddWithValue("$server", serverId);
            command.Parameters.AddWithValue("$after", after ?? string.Empty);
            command.Parameters.AddWithValue("$limit", limit + 1);
            var items = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
            if (items.Count <= limit)
            {
                return new Page<ProducerState>(items, null);
            }

            items.RemoveAt(limit);
            return new Page<ProducerState>(items, ContinuationToken.Encode(serverId, items[^1].ProducerId));
        }, cancellationToken);
    }

    public Task<string?> FindServerIdAsync(string producerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT server_id FROM producers WHERE producer_id = $id ORDER BY deleted, central_ticks DESC LIMIT 1";
            command.Parameters.AddWithValue("$id", producerId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }, cancellationToken);

    public Task<int> PurgeTombstonesAsync(string serverId, DateTimeOffset deletedBefore, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM producers WHERE server_id = $server AND deleted = 1 AND central_ticks < $before";
            command.Parameters.AddWithValue("$server", serverId);
            command.Parameters.AddWithValue("$before", deletedBefore.UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>The filter's conditions (each " AND …"), their values added to <paramref name="parameters"/>.</summary>
    private static string Where(ProducerFilter filter, SqliteParameterCollection parameters)
    {
        var sql = new System.Text.StringBuilder();
        if (filter.Kind is { } kind)
        {
            sql.Append(" AND json_extract(doc, '$.kind') = $kind");
            parameters.AddWithValue("$kind", kind);
        }

        if (filter.ParentId is { } parent)
        {
            sql.Append(" AND json_extract(doc, '$.parentId') = $parent");
            parameters.AddWithValue("$parent", parent);
        }

        if (filter.StoredHealth is { } health)
        {
            sql.Append(" AND json_extract(doc, '$.health') = $health");
            parameters.AddWithValue("$health", health);
        }

        AddFlag(sql, parameters, "stale", filter.Stale);
        AddFlag(sql, parameters, "flapping", filter.Flapping);
        if (filter.Deleted is { } deleted)
        {
            sql.Append(" AND deleted = $deleted");
            parameters.AddWithValue("$deleted", deleted ? 1 : 0);
        }

        if (filter.Tenants is { } tenants)
        {
            var names = tenants.Select((t, i) =>
            {
                var name = "$tenant" + i.ToString(CultureInfo.InvariantCulture);
                parameters.AddWithValue(name, t);
                return name;
            });
            sql.Append(CultureInfo.InvariantCulture, $" AND json_extract(doc, '$.tenantId') IN ({string.Join(',', names)})"); // IN () matches nothing
        }

        if (filter.ProducerIds is { } ids)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND producer_id IN ({string.Join(',', Names(parameters, "$in", ids))})");
        }

        if (filter.ExceptProducerIds is { } except)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND producer_id NOT IN ({string.Join(',', Names(parameters, "$out", except))})");
        }

        return sql.ToString();
    }

    private static IEnumerable<string> Names(SqliteParameterCollection parameters, string prefix, IReadOnlyCollection<string> values) =>
        values.Select((value, i) =>
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            parameters.AddWithValue(name, value);
            return name;
        }).ToList();

    private static void AddFlag(System.Text.StringBuilder sql, SqliteParameterCollection parameters, string property, bool? value)
    {
        if (value is { } flag)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND COALESCE(json_extract(doc, '$.{property}'), 0) = ${property}");
            parameters.AddWithValue("$" + property, flag ? 1 : 0);
        }
    }

    private static Task<List<ProducerState>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        SqliteDocuments.ReadAllAsync(command, StoreJsonContext.Default.ProducerState, cancellationToken);

    private static ProducerState Read(string doc) => SqliteDocuments.Read(doc, StoreJsonContext.Default.ProducerState);
}
