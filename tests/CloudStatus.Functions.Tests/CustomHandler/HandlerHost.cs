using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.CustomHandler;

/// <summary>
/// The central app wired as Program.cs does under the Functions host (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set), on a
/// TestServer playing the host's side: tests POST invocation bodies like the host does. Own SQLite file, fake clock,
/// fake hub; ingest retries are kept short (1 ms) so a failing store does not slow the tests.
/// </summary>
internal sealed class HandlerHost : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly WebApplication _app;

    private HandlerHost(WebApplication app, TempDirectory directory, FakeTimeProvider time)
    {
        _app = app;
        _directory = directory;
        Time = time;
        Client = app.GetTestClient();
    }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<HandlerHost> StartAsync(Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = new TempDirectory("functions");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CustomHandlerMode.PortVariable] = "7071",
            ["CloudStatus:Central:Store:DataDirectory"] = directory.Path,
            ["CloudStatus:Central:Ingest:MaxRetryAttempts"] = "2",
            ["CloudStatus:Central:Ingest:RetryDelay"] = "00:00:00.001",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IDirectMethodClient>(new FakeDirectMethodClient());
        configureServices?.Invoke(builder.Services);
        builder.Services.AddCloudStatusCentral(builder.Configuration);
        var app = builder.Build();
        app.MapCloudStatusCentral();
        await app.StartAsync();
        return new HandlerHost(app, directory, time);
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CustomHandler", "Fixtures", name));

    /// <summary>POSTs an invocation body as the host does (JSON, to /{FunctionName}) and returns the status and parsed answer.</summary>
    public async Task<(int Status, JsonDocument Body)> InvokeAsync(string functionName, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(new Uri("/" + functionName, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
