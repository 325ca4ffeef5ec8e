using CloudStatus.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// Another instance of the Function App over the same store, serving only HTTP: on Flex Consumption the HTTP functions
/// scale in their own instance group, so while the instance running ingest and dispatch is killed, readers are served
/// by another one. It is central's own composition (<c>AddCloudStatusCentral</c>, <c>MapCloudStatusCentral</c>) with
/// the trigger stand-ins (central's hosted services) left out; Kestrel and the framework's services stay.
/// </summary>
internal sealed class SecondCentralInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SecondCentralInstance(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<SecondCentralInstance> StartAsync(IReadOnlyDictionary<string, string?> centralSettings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(centralSettings);
        builder.Logging.ClearProviders();
        builder.Services.AddCloudStatusCentral(builder.Configuration);
        foreach (var loop in builder.Services.Where(IsCentralLoop).ToList())
        {
            builder.Services.Remove(loop);
        }

        var app = builder.Build();
        app.MapCloudStatusCentral();
        await app.StartAsync();
        return new SecondCentralInstance(app);
    }

    /// <summary>Central's hosted services: its own types, and the ones it registers through a factory.</summary>
    private static bool IsCentralLoop(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService)
        && (descriptor.ImplementationType?.Assembly.GetName().Name?.StartsWith("CloudStatus", StringComparison.Ordinal) != false);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
