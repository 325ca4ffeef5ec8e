using System.Diagnostics.Metrics;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Peers;
using CloudStatus.Hosting.Loops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// A server's peer-to-peer interface on the site LAN (docs/adr/0145): its own Kestrel listener serving
/// <see cref="PeerApi"/> for one <see cref="EdgeNode"/>, and the peer link that probes the failover peer every
/// <see cref="PeerLinkOptions.ProbeInterval"/>. Stays up while the node is stopped and started again (its hello says
/// whether the node runs). The deployable module starts one from <c>CloudStatus:Edge:Peers</c>; the dev stack one per server.
/// </summary>
public sealed class PeerEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PeerMetrics _metrics;
    private readonly HttpClient _http;

    private readonly PeerSurrogate _surrogate;

    private PeerEndpoint(WebApplication app, PeerMetrics metrics, HttpClient http, PeerDirectory directory, PeerLinkMonitor link, PeerSurrogate surrogate, string address)
    {
        _app = app;
        _surrogate = surrogate;
        _metrics = metrics;
        _http = http;
        Directory = directory;
        Link = link;
        Address = address;
    }

    /// <summary><c>host:port</c> the interface listens on (the port the OS chose when the URL asked for 0).</summary>
    public string Address { get; }

    /// <summary>The neighbours central named (docs/adr/0146); updated from the module twin.</summary>
    public PeerDirectory Directory { get; }

    internal PeerLinkMonitor Link { get; }

    /// <summary>Polls the switches of a server whose lease this one holds (ADR 171).</summary>
    internal PeerSurrogate Surrogate => _surrogate;

    /// <summary>Starts listening on <paramref name="url"/> (e.g. <c>http://0.0.0.0:5680</c>, or <c>http://127.0.0.1:0</c> in tests and the dev stack).</summary>
    public static async Task<PeerEndpoint> StartAsync(
        EdgeNode node,
        PeerLinkOptions options,
        string url,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null,
        LoopHeartbeats? heartbeats = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (options.Validate().ToList() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        if (!options.Enabled)
        {
            throw new ArgumentException($"{PeerLinkOptions.SectionName}:KeyFile is required for the peer interface.", nameof(options));
        }

        var keys = new PeerKeys(options);
        var metrics = new PeerMetrics(node.ServerId, meterFactory);
        var directory = new PeerDirectory(node.ServerId, node.Options.Failover.Peer);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new PeerClient(http, node.ServerId, keys, options, timeProvider, metrics, loggerFactory.CreateLogger<PeerClient>());
        var link = new PeerLinkMonitor(directory, client, options, timeProvider, loggerFactory.CreateLogger<PeerLinkMonitor>());
        var surrogate = new PeerSurrogate(directory, client, node.Intake, options, timeProvider, loggerFactory);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(timeProvider);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton(new PeerAuthenticator(directory, keys, options, timeProvider, metrics));
        builder.Services.AddSingleton(LocalNode(node));
        builder.Services.AddSingleton<IHostedService>(new PeriodicLoopService(
            "peer-link", options.ProbeInterval, async ct =>
            {
                await link.ProbeAsync(ct).ConfigureAwait(false);
                await surrogate.TickAsync(ct).ConfigureAwait(false);
            },
            timeProvider, loggerFactory.CreateLogger<PeerLinkMonitor>(), heartbeats));
        var app = builder.Build();
        app.MapPeerApi();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            http.Dispose();
            metrics.Dispose();
            throw;
        }

        node.PeerDirectory = directory;
        node.PeerLoss = () => link.State is { Lost: true, Peer: { } peer, LostSince: { } since } ? new PeerLinkLoss { ServerId = peer, LostSince = since } : null;
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var address = $"{bound.Host}:{bound.Port}";
        Peers.Log.PeerInterfaceListening(loggerFactory.CreateLogger<PeerEndpoint>(), node.ServerId, address);
        return new PeerEndpoint(app, metrics, http, directory, link, surrogate, address);
    }

    /// <summary>The node as the interface answers for it: its registration, its heap while it runs, its local history.</summary>
    private static PeerLocalNode LocalNode(EdgeNode node) => new(
        node.Options.TenantId,
        node.Options.SiteId,
        () => EdgePipeline.Registration(node.Options),
        () => node.IsRunning ? node.Heap : null,
        async (request, ct) =>
        {
            var answer = await node.CommandHandler.HandleAsync(DirectMethodNames.History, request, ct).ConfigureAwait(false);
            return (answer.Status, answer.Payload);
        },
        () => node.Options.Equipment);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _surrogate.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _metrics.Dispose();
    }
}
