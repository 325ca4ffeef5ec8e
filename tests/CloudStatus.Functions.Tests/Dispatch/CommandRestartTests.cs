using System.Net;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>
/// The central app killed after it answered 202: a new app over the same store and queue finishes the command. Run
/// over the embedded outbox (<see cref="OutboxCommandRestartTests"/>) and an Azurite queue (<see cref="StorageQueueCommandRestartTests"/>).
/// </summary>
public abstract class CommandRestartTests : IDisposable
{
    private readonly TempDirectory _data = new("functions");

    /// <summary>The settings both app instances share: the store's folder and the dispatch queue.</summary>
    private protected abstract Dictionary<string, string?> DispatchSettings { get; }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Command_AppKilledMidDispatch_CompletesOnTheNextApp()
    {
        var stuck = new StuckDirectMethodClient();
        string commandId;
        await using (var first = await StartAsync(services => services.AddSingleton<IDirectMethodClient>(stuck)))
        {
            await first.ApplyAsync(Periodic(1, 1, Rec("sw1", 1, kind: ProducerKind.Switch)));
            commandId = await SubmitAsync(first);
            await stuck.Called.WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal("sent", await StatusAsync(first, commandId));
        }

        await using var second = await StartAsync();
        await UntilAsync(second, commandId, "succeeded");

        var call = Assert.Single(second.Methods.Calls);
        using var payload = JsonDocument.Parse(call.PayloadJson);
        Assert.Equal(commandId, payload.RootElement.GetProperty("commandId").GetString());
    }

    [Fact]
    public async Task Command_ServerOffline_EndsFailedWithTheReason()
    {
        await using var app = await StartAsync();
        app.Methods.Responder = _ => new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, "404103");
        await app.ApplyAsync(Periodic(1, 1, Rec("sw1", 1, kind: ProducerKind.Switch)));

        var commandId = await SubmitAsync(app);

        using var command = await UntilAsync(app, commandId, "failed");
        Assert.Equal("server offline", command.RootElement.GetProperty("result").GetString());
    }

    private Task<ApiHost> StartAsync(Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>(DispatchSettings) { ["CloudStatus:Central:Store:DataDirectory"] = _data.Path };
        return ApiHost.StartAsync(settings: settings, services: services);
    }

    private static async Task<string> SubmitAsync(ApiHost app)
    {
        using var content = new StringContent("""{"producerId": "srv-01.sw1", "action": "reboot"}""", Encoding.UTF8, "application/json");
        using var response = await app.Client.PostAsync(new Uri("/api/v1/commands", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return accepted.RootElement.GetProperty("commandId").GetString()!;
    }

    private static async Task<string?> StatusAsync(ApiHost app, string commandId)
    {
        using var command = JsonDocument.Parse(await app.Client.GetStringAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative)));
        return command.RootElement.GetProperty("status").GetString();
    }

    /// <summary>Moves the app's clock a second at a time (its drain polls and visibility timeouts run on it) until the command has the status.</summary>
    private static async Task<JsonDocument> UntilAsync(ApiHost app, string commandId, string status)
    {
        JsonDocument? command = null;
        await Eventually.TrueAsync(async () =>
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            command?.Dispose();
            command = JsonDocument.Parse(await app.Client.GetStringAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative)));
            return command.RootElement.GetProperty("status").GetString() == status;
        }, $"the command is {status}");
        return command!;
    }
}

public sealed class OutboxCommandRestartTests : CommandRestartTests
{
    private protected override Dictionary<string, string?> DispatchSettings { get; } = new()
    {
        ["CloudStatus:Central:Dispatch:VisibilityTimeout"] = "00:00:30",
    };
}

public sealed class StorageQueueCommandRestartTests(AzuriteQueueServer azurite) : CommandRestartTests, IClassFixture<AzuriteQueueServer>
{
    private protected override Dictionary<string, string?> DispatchSettings { get; } = new()
    {
        [DispatchOptions.KindKey] = "StorageQueue",
        ["CloudStatus:Central:Dispatch:ConnectionString"] = azurite.ConnectionString,
        ["CloudStatus:Central:Dispatch:QueueName"] = "restart-" + Guid.NewGuid().ToString("N")[..16],
        ["CloudStatus:Central:Dispatch:VisibilityTimeout"] = "00:00:01",
    };
}
