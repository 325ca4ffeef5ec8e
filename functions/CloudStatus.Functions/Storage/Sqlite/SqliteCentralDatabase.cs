using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

/// <summary>
/// The embedded central store: one SQLite database (a WAL file in a data directory, or a named in-memory
/// shared-cache database kept alive by one open connection). The schema is created idempotently on first use.
/// Busy/locked errors surface as <see cref="TransientStoreException"/>.
/// </summary>
internal sealed class SqliteCentralDatabase : IAsyncDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private readonly string _connectionString;
    private readonly bool _isFile;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private SqliteConnection? _keepAlive;
    private volatile bool _initialized;

    private SqliteCentralDatabase(string connectionString, bool isFile)
    {
        _connectionString = connectionString;
        _isFile = isFile;
    }

    public static SqliteCentralDatabase ForFile(string path) => new(
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Cache = SqliteCacheMode.Private, Pooling = true, DefaultTimeout = 30 }.ToString(),
        isFile: true);

    public static SqliteCentralDatabase ForMemory(string name) => new(
        new SqliteConnectionStringBuilder { DataSource = name, Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString(),
        isFile: false);

    /// <summary>Runs <paramref name="work"/> on an open connection, mapping busy/locked errors to <see cref="TransientStoreException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            throw new TransientStoreException("The SQLite database is busy: " + ex.Message, ex);
        }
    }

    public Task RunAsync(Func<SqliteConnection, Task> work, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await work(connection).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Creates the schema if needed; safe to call many times and concurrently.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = (_isFile ? "PRAGMA journal_mode=WAL;" : string.Empty) + SqliteSchema.Create;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_isFile)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _keepAlive = connection; // a shared-cache memory database lives while one connection is open
            }

            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync().ConfigureAwait(false);
        }

        _initLock.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (_isFile)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
