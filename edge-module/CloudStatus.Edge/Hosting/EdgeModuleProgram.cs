using CloudStatus.Edge.Producers;
using CloudStatus.Hosting.Health;
using Microsoft.AspNetCore.Builder;

namespace CloudStatus.Edge.Hosting;

/// <summary>The deployable module: a web host with the edge node, the push endpoint, the pollers, health endpoints and telemetry.</summary>
internal static class EdgeModuleProgram
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddEdgeModule(builder.Configuration);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapCloudStatusHealth();
        app.MapProducerPushApi();
        app.MapProducerAnnounceApi();
        return app;
    }
}
