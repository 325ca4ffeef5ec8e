using System.Diagnostics;
using System.Diagnostics.Metrics;
using CloudStatus.Hosting.Telemetry;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloudStatus.Hosting.Tests.Telemetry;

/// <summary>The one telemetry set-up, exporting over OTLP/HTTP to a loopback receiver.</summary>
public sealed class TelemetryServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddCloudStatusTelemetry_CalledByTwoHosts_ExportsBothMetersOnceUnderTheFirstName()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[TelemetrySettings.OtlpEndpoint] = receiver.Endpoint.ToString();
        builder.Configuration[TelemetrySettings.OtlpProtocol] = "http/protobuf";
        builder.Services.AddCloudStatusTelemetry(builder.Configuration, "composing-host", meters: ["Test.Outer"], sources: ["Test.Outer"]);
        builder.Services.AddCloudStatusTelemetry(builder.Configuration, "inner-host", meters: ["Test.Inner"]);
        using var host = builder.Build();
        await host.StartAsync();
        using var outer = new Meter("Test.Outer");
        using var inner = new Meter("Test.Inner");
        using var source = new ActivitySource("Test.Outer");

        outer.CreateCounter<long>("test.outer.count").Add(1);
        inner.CreateCounter<long>("test.inner.count").Add(2);
        using (source.StartActivity("test.outer.span"))
        {
        }

        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        await host.StopAsync();

        Assert.True(receiver.Received("/v1/metrics", "test.outer.count"));
        Assert.True(receiver.Received("/v1/metrics", "test.inner.count"));
        Assert.True(receiver.Received("/v1/metrics", "composing-host"), "the first caller's service name is the resource's");
        Assert.False(receiver.Received("/v1/metrics", "inner-host"));
        Assert.True(receiver.Received("/v1/traces", "test.outer.span"));
        // One exporter, not one per call: the instrument is in exactly one export per flush.
        Assert.Single(receiver.Exports("/v1/metrics"), e => e.AsSpan().IndexOf("test.outer.count"u8) >= 0);
    }

    [Fact]
    public void AddCloudStatusTelemetry_NoExporterConfigured_RegistersNoLoggerProvider()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCloudStatusTelemetry(builder.Configuration, "quiet-host", meters: ["Test.Quiet"]);
        using var host = builder.Build();

        Assert.Null(host.Services.GetService<OpenTelemetry.Logs.LoggerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }
}
