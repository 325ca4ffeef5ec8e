using System.Net.Http.Headers;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Testing.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.Support;

/// <summary>The central app on a TestServer, wired exactly as Program.cs does, with its own SQLite file and a fake clock and hub.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    /// <summary>The HMAC key of the JWTs this host accepts (see <see cref="Jwt"/>).</summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("api-host-signing-key-0123456789abcdef"));

    private readonly TempDirectory _directory;
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, TempDirectory directory, FakeTimeProvider time, FakeDirectMethodClient methods)
    {
        _app = app;
        _directory = directory;
        Time = time;
        Methods = methods;
    }

    public FakeTimeProvider Time { get; }

    public FakeDirectMethodClient Methods { get; }

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the app; <paramref name="settings"/> add to (or override) its configuration, e.g. another store kind;
    /// <paramref name="services"/> registers services before central's own (central only adds what is missing).
    /// Without <paramref name="reconcileLoop"/> the address reconcile loop does not run: the test drives every pass.
    /// </summary>
    public static async Task<ApiHost> StartAsync(
        string? devToken = Token, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool reconcileLoop = true)
    {
        var directory = new TempDirectory("functions");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Store:DataDirectory"] = directory.Path,
            ["CloudStatus:Auth:DevToken"] = devToken,
            ["CloudStatus:Auth:DevSigningKey"] = SigningKey,
            // Tests read their own writes at once on a fake clock; the read cache has its own tests (ReadCacheTests).
            ["CloudStatus:Central:Api:ReadCache:MaxAge"] = "00:00:00",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var methods = new FakeDirectMethodClient();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IDirectMethodClient>(methods);
        services?.Invoke(builder.Services);
        builder.Services.AddCloudStatusCentral(builder.Configuration);
        if (!reconcileLoop)
        {
            foreach (var loop in builder.Services.Where(d => d.ImplementationType == typeof(Functions.Addresses.AddressReconcileService)).ToList())
            {
                builder.Services.Remove(loop);
            }
        }

        var app = builder.Build();
        app.MapCloudStatusCentral();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            directory.Dispose();
            throw;
        }

        var host = new ApiHost(app, directory, time, methods);
        host.Client = app.GetTestClient();
        host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        host.Anonymous = app.GetTestClient();
        return host;
    }

    /// <summary>
    /// A client whose bearer is a JWT with these roles and tenants. Token lifetimes are checked against the real clock
    /// by the JWT handler (as in production), not the host's fake one, so the token is minted at the real now.
    /// </summary>
    public HttpClient Jwt(string[] roles, string[] tenants, string subject = "someone@contoso.test", TimeSpan? lifetime = null, string? signingKey = null)
    {
        var client = _app.GetTestClient();
        var token = DevJwt.Mint(signingKey ?? SigningKey, subject, roles, tenants, DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromHours(1));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<IngestOutcome> ApplyAsync(StatusBatch batch) => Services.GetRequiredService<StatusIngestor>().ApplyAsync(Batches.Message(batch));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
