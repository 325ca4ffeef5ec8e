using System.Net.Http.Headers;
using System.Net.Http.Json;
using CloudStatus.Dev.Cli;
using CloudStatus.Dev.Hub;
using CloudStatus.Dev.Stack;
using CloudStatus.Functions.Api;
using CloudStatus.Testing.Api;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Testing.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// The whole dev stack (central on embedded SQLite, the dev hub, simulated servers with their real MQTT transports and
/// on-disk heaps) with its ingest sink and direct-method client wrapped in fault decorators. <see cref="KillCentralAsync"/>
/// abandons the process's work (hosted services stopped with an already-cancelled token: nothing in flight completes)
/// and <see cref="RestartAsync"/> starts a new one over the same data folder, as a Function App instance replaced.
/// </summary>
internal sealed class FaultStack : IAsyncDisposable
{
    public const string Token = "fault-test-token-0123456789";

    private readonly DevStackOptions _options;
    private readonly string[] _args;
    private readonly TempDirectory _data = new("faults");
    private WebApplication? _app;

    private readonly Action<IServiceCollection>? _services;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private FaultStack(DevStackOptions options, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services)
    {
        _services = services;
        _options = options with { DataDirectory = _data.Path };
        _settings = settings;
        _args = [.. settings.Select(p => $"--{p.Key}={p.Value}")];
    }

    public HttpClient Client { get; private set; } = new();

    /// <summary>Devices on each switch of each server.</summary>
    public int Devices { get; private set; }

    public DevFleet Fleet => Services.GetRequiredService<DevFleet>();

    public DevIotHub Hub => Services.GetRequiredService<DevIotHub>();

    public FaultSink Sink => Services.GetRequiredService<FaultSink>();

    public FaultyDirectMethods Methods => Services.GetRequiredService<FaultyDirectMethods>();

    /// <summary>The dev command's own settings for the embedded configuration, as the table reports it.</summary>
    public static string Configuration => "embedded: central on SQLite, edge heaps on SQLite, in-process dev hub (MQTT)";

    private IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The stack is not running.");

    /// <summary>Sets a simulated producer's health through the dev route, as an operator would.</summary>
    public Task SetHealthAsync(string producerId, string health) => PostAsync($"/dev/sim/producers/{producerId}", $$"""{"health":"{{health}}"}""");

    /// <summary>
    /// Another central instance serving HTTP over this stack's store and settings (the dev stack's own central
    /// settings: data folder, tokens), for readers while this one is killed.
    /// </summary>
    public Task<SecondCentralInstance> StartSecondInstanceAsync() => SecondCentralInstance.StartAsync(
        new Dictionary<string, string?>(_settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), StringComparer.Ordinal)
        {
            [CentralStoreOptions.SectionName + ":DataDirectory"] = Path.GetFullPath(Path.Combine(_options.DataDirectory, "central")),
            ["CloudStatus:Auth:DevToken"] = _options.DevToken,
            ["CloudStatus:Auth:DevSigningKey"] = _options.DevSigningKey,
        });

    /// <summary>
    /// Two servers, two switches of <paramref name="devices"/> devices each (48 by default: a producer page of about 100
    /// items, what the readers of <see cref="FaultLoad"/> ask for), a 500 ms period and a 3 s heartbeat timeout.
    /// </summary>
    /// <param name="services">More registrations after the fault decorators (e.g. the edges' own clocks).</param>
    public static async Task<FaultStack> StartAsync(
        double changeRate = 0.5, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null, int devices = 48)
    {
        var options = new DevStackOptions
        {
            Urls = "http://127.0.0.1:0",
            Servers = 2,
            Switches = 2,
            Devices = devices,
            DevToken = Token,
            Period = TimeSpan.FromMilliseconds(500),
            HeartbeatTimeout = TimeSpan.FromSeconds(3),
            ChangeRate = changeRate,
        };
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            // A dispatch message a killed instance held becomes visible again after this (long enough for the restarted
            // edges, which die with central in this one-process stack, to reconnect first).
            ["CloudStatus:Central:Dispatch:VisibilityTimeout"] = "00:00:05",
            ["CloudStatus:Central:Dispatch:PollInterval"] = "00:00:00.200",
        };
        var stack = new FaultStack(options, all, services);
        stack.Devices = devices;
        await stack.RestartAsync();
        return stack;
    }

    /// <summary>Starts a (new) stack over the data folder; the previous one must be killed first.</summary>
    public async Task RestartAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("Kill the running stack first.");
        }

        var app = DevStack.Build(_options, _args, logging: l => l.ClearProviders(), configureServices: services =>
        {
            services.AddSingleton(sp => new FaultSink(sp.GetRequiredService<IngestQueue>()));
            services.AddSingleton<IInboundMessageSink>(sp => sp.GetRequiredService<FaultSink>());
            services.AddSingleton(sp => new FaultyDirectMethods(sp.GetRequiredService<DevIotHub>()));
            services.AddSingleton<IDirectMethodClient>(sp => sp.GetRequiredService<FaultyDirectMethods>());
            _services?.Invoke(services);
        });
        await app.StartAsync();
        _app = app;
        Client.Dispose();
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        // The checks compare central with the heaps: they read through the API's 1 s list cache (ADR 182).
        Client.DefaultRequestHeaders.CacheControl = new CacheControlHeaderValue { NoCache = true };
    }

    /// <summary>
    /// Central dies: every hosted service is told to stop with a token already cancelled, so no loop finishes what it
    /// holds (the ingest queue's messages, a dispatch awaiting its answer); then the process's objects are dropped.
    /// The simulated servers go with it (one process), their heaps stay on disk.
    /// </summary>
    public async Task KillCentralAsync()
    {
        var app = _app ?? throw new InvalidOperationException("The stack is not running.");
        _app = null;
        try
        {
            await app.StopAsync(new CancellationToken(canceled: true));
        }
#pragma warning disable CA1031 // A killed process reports nothing: whatever the abandoned stops threw is the point.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await app.DisposeAsync();
    }

    public Task<ServerDto?> ServerAsync(string serverId) => Client.ServerAsync(serverId);

    public Task<List<ProducerDto>> ProducersAsync(string serverId) => Client.ProducersAsync(serverId);

    /// <summary>The whole event log, oldest first.</summary>
    public Task<List<EventDto>> EventsAsync(string? type = null) => Client.EventsAsync(type);

    public async Task<string> SubmitRebootAsync(string producerId)
    {
        using var content = new StringContent($$"""{"producerId":"{{producerId}}","action":"reboot"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri("/api/v1/commands", UriKind.Relative), content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.CommandAcceptedDto))!.CommandId;
    }

    public async Task<CommandDto> CommandAsync(string commandId) =>
        (await Client.GetFromJsonAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative), ApiJsonContext.Default.CommandDto))!;

    /// <summary>How many reboot requests the switch's management endpoint received in this process.</summary>
    public int RebootsReceived(string switchId) =>
        Fleet.FindServerOfProducer(switchId)?.Switches?.Received(switchId, "POST /reboot") ?? 0;

    /// <summary>The switch's boot count in this process's simulated equipment (1 until it reboots).</summary>
    public int BootCount(string switchId) =>
        Fleet.FindServerOfProducer(switchId)?.Equipment.DescribeSwitch(switchId)?.BootCount ?? 0;

    /// <summary>Posts without judging the answer (a dev route may refuse while a server is stopped).</summary>
    public async Task<System.Net.HttpStatusCode> TryPostAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return response.StatusCode;
    }

    /// <summary>Messages ingest has been handed and not yet taken.</summary>
    public int IngestBacklog => Services.GetRequiredService<IngestQueue>().Reader.Count;

    public async Task PostAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _data.Dispose();
    }
}
