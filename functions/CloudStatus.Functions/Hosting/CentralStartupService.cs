using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Hosting;

/// <summary>At start: creates the embedded store's schema (idempotent) and says what is not configured.</summary>
internal sealed class CentralStartupService(
    IServiceProvider services,
    IDirectMethodClient directMethods,
    IOptions<AuthOptions> auth,
    IOptions<CentralStoreOptions> store,
    ILogger<CentralStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(SqliteCentralDatabase)) is SqliteCentralDatabase database)
        {
            await database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            Log.StoreOpened(logger, store.Value.InMemoryName is { } name ? $"SQLite in memory '{name}'" : $"SQLite {store.Value.FilePath}");
        }

        if (directMethods is UnconfiguredDirectMethodClient)
        {
            Log.NoIotHub(logger);
        }

        if (!auth.Value.AnyConfigured)
        {
            Log.NoDevToken(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
