using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Tests.Commands;

/// <summary>One request the stub received.</summary>
internal sealed record HubRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, string Body, string RawTarget);

/// <summary>What the stub answers: a status, a body and headers (IoT Hub's error header, for instance).</summary>
internal sealed record HubAnswer(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// IoT Hub's service endpoint for module direct methods played by a real Kestrel server on loopback (a free port):
/// <c>POST /twins/{deviceId}/modules/{moduleId}/methods</c>. It records every request and answers with
/// <see cref="Responder"/>. Stands in for IoT Hub, which cannot run here.
/// </summary>
internal sealed class IotHubStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private IotHubStub(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<HubRequest> Requests { get; } = new();

    /// <summary>Default: the module answered 200 with <c>{"ok":true}</c>.</summary>
    public Func<HubRequest, CancellationToken, Task<HubAnswer>> Responder { get; set; } =
        (_, _) => Task.FromResult(new HubAnswer(200, """{"status":200,"payload":{"ok":true}}"""));

    /// <summary>Cancelled when the stub stops, so a responder that waits forever ends with it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public static async Task<IotHubStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        IotHubStub? stub = null;
        app.MapPost("/twins/{deviceId}/modules/{moduleId}/methods", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new HubRequest(
                context.Request.Method,
                context.Request.Path.Value!,
                context.Request.QueryString.Value ?? string.Empty,
                context.Request.Headers.Authorization.FirstOrDefault(),
                context.Request.ContentType,
                await reader.ReadToEndAsync(context.RequestAborted),
                context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            stub!.Requests.Enqueue(request);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stub.Stopping);
            HubAnswer answer;
            try
            {
                answer = await stub.Responder(request, both.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        });
        await app.StartAsync();
        stub = new IotHubStub(app);
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
