using System.Net;
using CloudStatus.Edge.Producers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The module's push endpoint (<c>POST /api/producers/status</c>, ADR 65, and <c>POST /api/producers/{id}/announce</c>,
/// ADR 175) for a host that composes nodes itself (the dev stack runs several in one process): the same routes,
/// authentication and subtree rule as the module's, on its own Kestrel listener, posting to one node's intake (which
/// drops observations while the node is stopped).
/// </summary>
public sealed class EdgeNodePushEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EdgeNodePushEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The endpoint's base URL; producers post to <see cref="Route"/> under it.</summary>
    public Uri Url { get; }

    /// <summary>The push route, relative to <see cref="Url"/>.</summary>
    public static string Route => ProducerPushApi.Route;

    /// <param name="intake">The node's intake (<see cref="EdgeNode.Intake"/>).</param>
    /// <param name="callers">Who may push, each with its secret file or variable and its subtrees; validated as the module validates them.</param>
    /// <param name="address">Where to listen; loopback on a free port when null.</param>
    /// <exception cref="ArgumentException">A caller is invalid (the reasons, never a secret).</exception>
    public static async Task<EdgeNodePushEndpoint> StartAsync(
        IObservationIntake intake, IReadOnlyList<ProducerPushCaller> callers, ILoggerFactory loggerFactory, IPEndPoint? address = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(callers);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var options = new ProducerPushAuthOptions { Callers = [.. callers] };
        if (options.Validate(Environment.GetEnvironmentVariable).ToList() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(callers));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(intake);
        builder.Services.AddProducerPushApi();
        builder.Services.Configure<ProducerPushAuthOptions>(o => o.Callers = options.Callers);
        builder.Services.AddProblemDetails();
        var bind = address ?? new IPEndPoint(IPAddress.Loopback, 0);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bind));
        var app = builder.Build();
        app.MapProducerPushApi();
        app.MapProducerAnnounceApi();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EdgeNodePushEndpoint(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
