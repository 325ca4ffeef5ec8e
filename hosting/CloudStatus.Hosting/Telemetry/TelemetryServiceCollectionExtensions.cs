using CloudStatus.Hosting.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Azure.Monitor.OpenTelemetry.Exporter;

namespace CloudStatus.Hosting.Telemetry;

/// <summary>The one place OpenTelemetry is set up: every host names its meters and activity sources here.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Traces (ASP.NET Core and <paramref name="sources"/>), metrics (ASP.NET Core and <paramref name="meters"/>) and,
    /// when exported, logs; exported to Azure Monitor with Entra ID auth when
    /// <see cref="TelemetrySettings.ApplicationInsightsConnectionString"/> is set, over OTLP when
    /// <see cref="TelemetrySettings.OtlpEndpoint"/> is set, and to the console when
    /// <see cref="TelemetrySettings.ConsoleKey"/> or the host's own <paramref name="consoleKey"/> is true. A host that
    /// composes others (the dev stack) may call it again: later calls add their meters and sources, the first call's
    /// service name and exporters stay.
    /// </summary>
    public static IServiceCollection AddCloudStatusTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName,
        IEnumerable<string>? meters = null,
        IEnumerable<string>? sources = null,
        string? consoleKey = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        string[] meterNames = [.. meters ?? []];
        string[] sourceNames = [.. sources ?? []];
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(meterNames))
            .WithTracing(tracing => tracing.AddSource(sourceNames));
        if (services.Any(d => d.ServiceType == typeof(TelemetryRegistration)))
        {
            return services;
        }

        services.AddSingleton(new TelemetryRegistration(serviceName));
        telemetry.ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthProbe(context.Request.Path)));

        var exported = false;
        if (configuration[TelemetrySettings.ApplicationInsightsConnectionString] is { Length: > 0 } connectionString)
        {
            var credential = ApplicationInsightsCredential.Create(configuration[TelemetrySettings.ApplicationInsightsAuthenticationString]);
            void Configure(AzureMonitorExporterOptions o)
            {
                o.ConnectionString = connectionString;
                o.Credential = credential;
            }

            telemetry.WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure))
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure))
                .WithLogging(logging => logging.AddAzureMonitorLogExporter(Configure));
            exported = true;
        }

        if (!string.IsNullOrEmpty(configuration[TelemetrySettings.OtlpEndpoint]))
        {
            // Reads OTEL_EXPORTER_OTLP_* (endpoint, protocol, headers) from configuration, for all three signals.
            telemetry.UseOtlpExporter();
            exported = true;
        }

        if (exported)
        {
            telemetry.WithLogging();
        }

        if (configuration.GetValue<bool>(TelemetrySettings.ConsoleKey) || (consoleKey is not null && configuration.GetValue<bool>(consoleKey)))
        {
            // Logs already reach the console through the default logging provider; only metrics and traces are added.
            telemetry.WithMetrics(metrics => metrics.AddConsoleExporter()).WithTracing(tracing => tracing.AddConsoleExporter());
        }

        return services;
    }

    private static bool IsHealthProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.Equals(HealthEndpoints.LivePath, StringComparison.OrdinalIgnoreCase) || path.Equals(HealthEndpoints.ReadyPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>Marks that the exporters are registered, and for which service.</summary>
    internal sealed record TelemetryRegistration(string ServiceName);
}
