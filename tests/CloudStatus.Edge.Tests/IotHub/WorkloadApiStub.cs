using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>
/// Plays the IoT Edge security daemon's workload API on a real Kestrel server listening on a unix socket: signs with
/// a known module key (HMAC-SHA256, as the daemon does) and serves a trust bundle. Records every request.
/// </summary>
internal sealed class WorkloadApiStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkloadApiStub(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public Uri WorkloadUri => new("unix://" + SocketPath);

    public ConcurrentQueue<WorkloadRequest> Requests { get; } = new();

    /// <summary>The key the daemon holds for the module.</summary>
    public byte[] ModuleKey { get; set; } = [];

    /// <summary>The PEM chain served at <c>/trust-bundle</c>.</summary>
    public string TrustBundlePem { get; set; } = string.Empty;

    /// <summary>When set, the sign endpoint answers this status with an error body.</summary>
    public int? SignFailure { get; set; }

    public static async Task<WorkloadApiStub> StartAsync(string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var stub = new WorkloadApiStub(app, socketPath);
        app.MapPost("/modules/{moduleId}/genid/{generationId}/sign", (Delegate)stub.SignAsync);
        app.MapGet("/trust-bundle", (HttpContext context) =>
        {
            stub.Record(context, body: null);
            return Results.Text(new JsonObject { ["certificate"] = stub.TrustBundlePem }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> SignAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        Record(context, body);
        if (SignFailure is { } status)
        {
            return Results.Text("""{"message":"Module not found"}""", "application/json", statusCode: status);
        }

        var data = Convert.FromBase64String((string)body!["data"]!);
        var digest = Convert.ToBase64String(HMACSHA256.HashData(ModuleKey, data));
        return Results.Text(new JsonObject { ["digest"] = digest }.ToJsonString(), "application/json");
    }

    private void Record(HttpContext context, JsonObject? body) =>
        Requests.Enqueue(new WorkloadRequest(context.Request.Method, context.Request.Path, context.Request.Query["api-version"].ToString(), body));
}

internal sealed record WorkloadRequest(string Method, string Path, string ApiVersion, JsonObject? Body);
