using CloudStatus.Bench.Pipeline;
using CloudStatus.Bench.Scale;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;

namespace CloudStatus.Bench.Micro;

/// <summary>An edge pipeline for the micro-benchmarks: default options, a heap mirror that keeps nothing, a transport that only counts.</summary>
internal static class MicroEdge
{
    public static EdgePipeline Open() =>
        EdgePipeline.OpenAsync(
                new EdgeNodeOptions { TenantId = "tenant-01", SiteId = "site-0001", ServerId = MicroData.ServerId },
                new BenchHeapMirror("epoch-bench"),
                new CountingTransport(),
                TimeProvider.System)
            .GetAwaiter().GetResult();
}
