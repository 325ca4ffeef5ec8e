using CloudStatus.Edge.Producers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CloudStatus.Edge.Hosting;

/// <summary>The deployable module: a web host with the edge node, the push endpoint, the pollers and telemetry.</summary>
internal static class EdgeModuleProgram
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddEdgeModule(builder.Configuration);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/healthz", (EdgeNode node) => node.IsRunning ? Results.Ok("ok") : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.MapProducerPushApi();
        return app;
    }
}
