using System.Net;
using System.Text;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>The module exports its own metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the optional collector module).</summary>
public sealed class EdgeTelemetryTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OtlpEndpointSet_ModuleMetrics_ReachTheReceiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = EdgeModuleProgram.Build(EdgeModuleArgs.For(
            _dir.Sub("data"),
            extra: ["--OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString(), "--OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"]));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", EdgeModuleArgs.PushSecret);
        using var push = await client.PostAsync(
            new Uri(ProducerPushApi.Route, UriKind.Relative),
            new StringContent("""{"producerId":"srv-01.sw-01","kind":"switch","parentId":"srv-01"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        var node = app.Services.GetRequiredService<EdgeNode>();
        await Eventually.TrueAsync(() => node.Heap.Get("srv-01.sw-01") is not null, "the pushed switch reached the heap");

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "the metric export did not finish");

        Assert.True(receiver.Received("/v1/metrics", "cloudstatus.edge.observations"), "no cloudstatus.edge.observations in the OTLP export");
        Assert.True(receiver.Received("/v1/metrics", "cloudstatus.edge.heap.writes"), "no cloudstatus.edge.heap.writes in the OTLP export");
        Assert.True(receiver.Received("/v1/metrics", EdgeModuleServiceCollectionExtensions.ServiceName), "the export does not name the service");
        await app.StopAsync();
    }
}
