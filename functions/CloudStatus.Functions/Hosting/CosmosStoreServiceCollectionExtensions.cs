using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Hosting.Validation;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Hosting;

/// <summary>The Cosmos DB adapters of the central store ports (store kind <c>Cosmos</c>).</summary>
internal static class CosmosStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CosmosStoreOptions"/> (validated at start), one <see cref="CosmosClient"/> (unless the host
    /// registered one), the adapters of every store port (unless registered before) and the start-up step that
    /// creates (when configured) or checks the containers.
    /// </summary>
    public static IServiceCollection AddCosmosStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CosmosStoreOptions>(configuration, CosmosStoreOptions.SectionName, o => o.Validate());

        services.TryAddSingleton(sp => CosmosClientFactory.Create(sp.GetRequiredService<IOptions<CosmosStoreOptions>>().Value));
        services.TryAddSingleton<CosmosMetrics>();
        services.TryAddSingleton<CosmosCentralDatabase>();
        services.TryAddSingleton<CosmosLookups>();
        services.TryAddSingleton<IServerStore, CosmosServerStore>();
        services.TryAddSingleton<ILeaseStore, CosmosLeaseStore>();
        services.TryAddSingleton<IProducerStore, CosmosProducerStore>();
        services.TryAddSingleton<IAddressStore, CosmosAddressStore>();
        services.TryAddSingleton<IEventStore, CosmosEventStore>();
        services.TryAddSingleton<ICommandStore, CosmosCommandStore>();
        services.TryAddSingleton<IViewStore, CosmosViewStore>();
        services.TryAddSingleton<IDeadLetterStore, CosmosDeadLetterStore>();
        services.AddHostedService<CosmosStartupService>();
        return services;
    }
}
