using System.Text.Json;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.CustomHandler;

/// <summary>
/// The queue functions as the host invokes them: the queue message in <c>Data.message</c> (a string, sent by the
/// host as JSON text inside a JSON string), the delivery count in <c>Metadata.DequeueCount</c>.
/// </summary>
public sealed class DispatchInvocationTests : IAsyncLifetime
{
    private HandlerHost _host = null!;

    public async Task InitializeAsync()
    {
        // As in Azure: a storage queue the host's triggers read, so no in-process drain or re-scan runs beside them.
        // Nothing here reaches the queue service (no command is submitted, none is pending long enough to be requeued).
        _host = await HandlerHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Dispatch:Kind"] = "StorageQueue",
            ["CloudStatus:Central:Dispatch:QueueServiceUri"] = "https://127.0.0.1:9/devstoreaccount1",
        });
        await _host.InvokeAsync("IngestStatus", HandlerHost.Fixture("ingest-status.json"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("1")]
    [InlineData("\"3\"")]
    public async Task DispatchCommands_QueueInvocation_DispatchesTheCommand(string dequeueCount)
    {
        var id = await StoreCommandAsync("cmd-queue-" + dequeueCount.Trim('"'));

        var (status, body) = await _host.InvokeAsync("DispatchCommands", Invocation(DispatchMessage.Command(id).ToJson(), dequeueCount));

        Assert.Equal(200, status);
        Assert.Equal(CommandStatus.Succeeded, (await _host.Get<ICommandStore>().GetAsync(id))!.Status);
        Assert.StartsWith($"command {id} succeeded", body.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchCommands_NotADispatchMessage_Answers500SoTheHostRetriesThenPoisons()
    {
        var (status, _) = await _host.InvokeAsync("DispatchCommands", Invocation("""{"kind":"selfDestruct"}""", "1"));

        Assert.Equal(500, status);
    }

    [Fact]
    public async Task DispatchPoison_QueueInvocation_FailsTheCommandWithTheReason()
    {
        var id = await StoreCommandAsync("cmd-poisoned");

        var (status, _) = await _host.InvokeAsync("DispatchPoison", Invocation(DispatchMessage.Command(id).ToJson(), "1"));

        Assert.Equal(200, status);
        var command = (await _host.Get<ICommandStore>().GetAsync(id))!;
        Assert.Equal(CommandStatus.Failed, command.Status);
        Assert.Equal("Dispatch failed 5 times; the message was moved to the poison queue 'cloudstatus-dispatch-poison'.", command.Result);
    }

    [Fact]
    public async Task RescanCommands_TimerInvocation_TimesOutACommandPastItsDeadline()
    {
        var id = await StoreCommandAsync("cmd-forgotten");
        _host.Time.Advance(TimeSpan.FromMinutes(11));

        var (status, body) = await _host.InvokeAsync("RescanCommands", HandlerHost.Fixture("sweep-heartbeats.json"));

        Assert.True(status == 200, body.RootElement.ToString());
        Assert.Equal(["command re-scan: 0 requeued, 1 timed out"], body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(CommandStatus.TimedOut, (await _host.Get<ICommandStore>().GetAsync(id))!.Status);
    }

    /// <summary>A pending command in the store whose message is in no queue (the tests deliver it themselves).</summary>
    private async Task<string> StoreCommandAsync(string id)
    {
        Assert.True(await _host.Get<ICommandStore>().TryCreateAsync(new CommandRecord
        {
            CommandId = id,
            TenantId = Tenant,
            ServerId = Server,
            ProducerId = Server + ".sw1",
            Action = "reboot",
            Status = CommandStatus.Pending,
            RequestedAt = _host.Time.GetUtcNow(),
            RequestedBy = "tester",
        }));
        return id;
    }

    private static string Invocation(string messageText, string dequeueCount) => $$"""
        {
          "Data": { "message": {{JsonSerializer.Serialize(JsonSerializer.Serialize(messageText))}} },
          "Metadata": {
            "DequeueCount": {{dequeueCount}},
            "Id": "5d0b8a5e-0d5c-4b2e-9d1c-6f1a8c3e2b71",
            "PopReceipt": "AgAAAAMAAAAAAAAA",
            "sys": { "MethodName": "DispatchCommands", "UtcNow": "2030-01-01T00:00:01Z" }
          }
        }
        """;
}
