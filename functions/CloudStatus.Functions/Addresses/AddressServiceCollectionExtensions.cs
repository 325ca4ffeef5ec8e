using CloudStatus.Hosting.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CloudStatus.Functions.Addresses;

internal static class AddressServiceCollectionExtensions
{
    /// <summary>
    /// The address journal's reconciler and its loop. The loop runs in every central instance, under the Functions
    /// host too: commits are conditional on the tenant's version, so instances reconciling at once cannot both win.
    /// </summary>
    public static IServiceCollection AddAddressJournal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AddressOptions>(configuration, AddressOptions.SectionName, o => o.Validate());
        services.TryAddSingleton<AddressReconciler>();
        services.TryAddSingleton<Ingest.AddressJournalSignal>();
        services.TryAddSingleton<ConflictResolver>();
        services.TryAddSingleton<AutoResolver>();
        services.TryAddSingleton<AddressPropagator>();
        services.AddHttpClient<SiteRouterClient>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<AddressReconcileService>();
        return services;
    }
}
