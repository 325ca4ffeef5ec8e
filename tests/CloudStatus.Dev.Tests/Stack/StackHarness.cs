using System.Net.Http.Headers;
using System.Net.Http.Json;
using CloudStatus.Dev.Cli;
using CloudStatus.Dev.Stack;
using CloudStatus.Functions.Api;
using CloudStatus.Testing.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// The whole dev stack as the README's run command starts it — central, dev hub, simulated servers with their real
/// MQTT transports — on a free loopback port with its own data folder, driven over HTTP like a user would.
/// </summary>
internal sealed class StackHarness : IAsyncDisposable
{
    public const string Token = "stack-test-token-0123456789";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private StackHarness(WebApplication app, string dataDirectory, HttpClient client)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The stack's data folder (where its secret files are, as on a deployed server).</summary>
    public string DataDirectory => _dataDirectory;

    public DevFleet Fleet => _app.Services.GetRequiredService<DevFleet>();

    public IServiceProvider Services => _app.Services;

    /// <param name="centralTombstoneRetention">How long central keeps tombstones (the sweep's setting); default: its own.</param>
    /// <param name="settings">More configuration, as the stack's command line would give it (e.g. store and heap kinds).</param>
    /// <param name="services">More services or options for the stack (e.g. trust in a test identity provider).</param>
    public static async Task<StackHarness> StartAsync(
        Func<DevStackOptions, DevStackOptions> configure,
        TimeSpan? centralTombstoneRetention = null,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cloudstatus-stack-" + Guid.NewGuid().ToString("N"));
        var options = configure(new DevStackOptions
        {
            Urls = "http://127.0.0.1:0",
            Servers = 2,
            Switches = 2,
            Devices = 3,
            DevToken = Token,
            DataDirectory = dataDirectory,
        });
        var args = (settings ?? new Dictionary<string, string>()).Select(p => $"--{p.Key}={p.Value}").ToList();
        if (centralTombstoneRetention is { } retention)
        {
            args.Add($"--CloudStatus:Central:Sweep:TombstoneRetention={retention:c}");
        }

        var app = DevStack.Build(options, [.. args], logging: l => l.ClearProviders(), configureServices: services);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        // The checks compare central with the heaps: they read through the API's 1 s list cache (ADR 182).
        client.DefaultRequestHeaders.CacheControl = new CacheControlHeaderValue { NoCache = true };
        return new StackHarness(app, dataDirectory, client);
    }

    public Task<ServerDto?> ServerAsync(string serverId) => Client.ServerAsync(serverId);

    /// <summary>Every producer record central holds for one server (all pages).</summary>
    public Task<List<ProducerDto>> ProducersAsync(string serverId) => Client.ProducersAsync(serverId);

    /// <summary>Whether central knows the producer (switches arrive through their HTTP poll, a moment after the rest).</summary>
    public async Task<bool> KnowsProducerAsync(string producerId)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/producers/{producerId}", UriKind.Relative));
        return response.IsSuccessStatusCode;
    }

    /// <summary>The producer as the API answers it; null when central does not know it (yet).</summary>
    public async Task<System.Text.Json.JsonElement?> ProducerAsync(string producerId)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/producers/{producerId}", UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>() : null;
    }

    /// <summary>Submits a command through <c>POST /api/v1/commands</c>; asserts it was accepted and returns its id.</summary>
    public async Task<string> SubmitCommandAsync(string json)
    {
        using var response = await PostAsync("/api/v1/commands", json);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.CommandAcceptedDto))!.CommandId;
    }

    /// <summary>Follows a command until it ends (succeeded, failed or timedOut) and returns its record.</summary>
    public async Task<CommandDto> CommandCompletedAsync(string commandId)
    {
        CommandDto? command = null;
        await Tests.Hub.Eventually.TrueAsync(
            async () => (command = await Client.GetFromJsonAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative), ApiJsonContext.Default.CommandDto))!.Status
                is "succeeded" or "failed" or "timedOut",
            $"command {commandId} completed");
        return command!;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing SQLite connection: the temp folder is cleaned by the OS later.
        }
    }
}
