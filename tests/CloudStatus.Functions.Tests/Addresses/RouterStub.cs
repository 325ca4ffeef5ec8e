using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>A site router's mapping endpoint on loopback (real Kestrel): records each <c>PUT /mappings/{ip}</c> and answers <see cref="Status"/>.</summary>
internal sealed class RouterStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RouterStub(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    /// <summary>New address → the body received for it.</summary>
    public ConcurrentDictionary<string, string> Mappings { get; } = new();

    public int Status { get; set; } = StatusCodes.Status204NoContent;

    public static async Task<RouterStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RouterStub? stub = null;
        app.MapPut("/mappings/{ip}", async (string ip, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (stub!.Status < 300)
            {
                stub.Mappings[ip] = body;
            }

            return Results.StatusCode(stub.Status);
        });
        await app.StartAsync();
        stub = new RouterStub(app);
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
