using Microsoft.Data.Sqlite;

namespace CloudStatus.Edge;

/// <summary>The edge's embedded SQLite files (heap mirror, local history): one unpooled WAL connection per file.</summary>
internal static class SqliteFiles
{
    /// <summary>
    /// Opens (creating the folder and file if needed) <paramref name="fileName"/> in <paramref name="dataDirectory"/>,
    /// switches it to WAL with <c>synchronous = NORMAL</c> and runs <paramref name="schema"/>; the connection is closed
    /// again if any of that fails.
    /// </summary>
    public static async Task<SqliteConnection> OpenAsync(string dataDirectory, string fileName, string schema, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, fileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;\n" + schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
