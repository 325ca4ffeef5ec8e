using Azure.Core;
using Azure.Identity;
using CloudStatus.Hosting.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>Registers <see cref="IotHubDirectMethodClient"/> as the <see cref="IDirectMethodClient"/> when IoT Hub is configured.</summary>
internal static class IotHubServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="IotHubOptions"/> (always, so a wrong setting fails start-up). When
    /// <see cref="IotHubOptions.HostName"/> is set: the named HttpClient with the bearer-token handler, the token
    /// cache over a <see cref="TokenCredential"/> (<see cref="DefaultAzureCredential"/> unless one is registered; it
    /// reads <c>AZURE_CLIENT_ID</c> for a user-assigned managed identity), and the client as
    /// <see cref="IDirectMethodClient"/> unless the host registered its own first.
    /// </summary>
    public static IServiceCollection AddIotHubDirectMethods(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<IotHubOptions>(configuration, IotHubOptions.SectionName, o => o.Validate());
        if (string.IsNullOrWhiteSpace(configuration.GetSection(IotHubOptions.SectionName)[nameof(IotHubOptions.HostName)]))
        {
            return services;
        }

        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton<IotHubTokenCache>();
        services.TryAddTransient<IotHubAuthorizationHandler>();
        services.AddHttpClient(IotHubDirectMethodClient.HttpClientName, (sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<IOptions<IotHubOptions>>().Value.BaseAddress;
                client.Timeout = Timeout.InfiniteTimeSpan; // the client applies the method's own deadline
            })
            .AddHttpMessageHandler<IotHubAuthorizationHandler>();
        services.TryAddSingleton<IDirectMethodClient, IotHubDirectMethodClient>();
        return services;
    }
}
