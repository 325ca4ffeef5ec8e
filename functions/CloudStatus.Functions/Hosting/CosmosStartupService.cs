using CloudStatus.Functions.Storage.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Hosting;

/// <summary>At start: creates the Cosmos DB database and containers when configured to, otherwise checks that each one is there and readable.</summary>
internal sealed class CosmosStartupService(CosmosCentralDatabase database, ILogger<CosmosStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = database.Options;
        if (options.CreateIfNotExists)
        {
            await database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            Log.CosmosContainersEnsured(logger, options.Database);
        }
        else
        {
            await database.VerifyAsync(cancellationToken).ConfigureAwait(false);
        }

        var auth = options.Key is null ? "Entra ID (DefaultAzureCredential)" : "account key (emulator)";
        Log.StoreOpened(logger, $"Cosmos DB {options.AccountEndpoint} database '{options.Database}', {auth}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
