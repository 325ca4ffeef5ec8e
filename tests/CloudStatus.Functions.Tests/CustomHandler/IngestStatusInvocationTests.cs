using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.CustomHandler;

/// <summary><c>POST /IngestStatus</c> as the Functions host sends it: the events are applied within the invocation.</summary>
public sealed class IngestStatusInvocationTests : IAsyncLifetime
{
    private HandlerHost _host = null!;

    public async Task InitializeAsync() => _host = await HandlerHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task IngestStatus_HostFixture_AppliesTheGoodEventsAndDeadLettersThePoisonOnes()
    {
        var (status, body) = await _host.InvokeAsync("IngestStatus", HandlerHost.Fixture("ingest-status.json"));

        Assert.True(status == 200, body.RootElement.GetRawText());
        AssertDocumentedAnswer(body.RootElement);
        Assert.Contains("8 events: 3 applied, 5 dead-lettered, 0 failed", body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));

        var servers = _host.Get<IServerStore>();
        Assert.Equal(3, (await servers.GetAsync(Server))!.Watermark);
        Assert.Equal(1, (await servers.GetAsync("srv-02"))!.Watermark);
        Assert.Null(await servers.GetAsync("srv-04"));
        var producers = await _host.Get<IProducerStore>().ListAsync(Server);
        Assert.Equal(["srv-01.a", "srv-01.b", "srv-01.c"], producers.Select(p => p.ProducerId));
        Assert.Equal(CloudStatus.Core.Model.Health.Degraded, producers.Single(p => p.ProducerId == "srv-01.c").Health);

        var letters = (await _host.Get<IDeadLetterStore>().ListAsync(10, null)).Items;
        Assert.Equal(5, letters.Count);
        Assert.Contains(letters, l => l.DeviceId == "srv-02" && l.Body.SequenceEqual("hello, not json"u8.ToArray()) && l.MessageId == "msg-0002");
        Assert.Contains(letters, l => l.DeviceId == "srv-03" && l.Reason.Contains("does not match", StringComparison.Ordinal));
        Assert.Contains(letters, l => l.DeviceId == "srv-02" && l.Reason.Contains("gzip", StringComparison.OrdinalIgnoreCase) && l.ContentEncoding == "gzip");
        Assert.Contains(letters, l => l.DeviceId.Length == 0 && l.Reason.Contains("iothub-connection-device-id", StringComparison.Ordinal));
        Assert.Contains(letters, l => l.DeviceId == "srv-02" && l.Reason.Contains("cloudstatus.batch/v9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IngestStatus_SameInvocationTwice_ChangesNoState()
    {
        await _host.InvokeAsync("IngestStatus", HandlerHost.Fixture("ingest-status.json"));
        var before = await _host.Get<IProducerStore>().ListAsync(Server);

        var (status, _) = await _host.InvokeAsync("IngestStatus", HandlerHost.Fixture("ingest-status.json"));

        Assert.Equal(200, status);
        Assert.Equal(before, await _host.Get<IProducerStore>().ListAsync(Server));
        Assert.Equal(3, (await _host.Get<IServerStore>().GetAsync(Server))!.Watermark);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"Data":{"timer":{}},"Metadata":{}}""")]
    [InlineData("""{"Data":{"events":"{\"a\":1}"}}""")]
    public async Task IngestStatus_NotAnEventHubsInvocation_Answers400AndAppliesNothing(string body)
    {
        var (status, answer) = await _host.InvokeAsync("IngestStatus", body);

        Assert.Equal(400, status);
        Assert.Equal(400, answer.RootElement.GetProperty("status").GetInt32());
        Assert.Empty(await _host.Get<IServerStore>().ListTenantsAsync());
    }

    [Fact]
    public async Task IngestStatus_StoreKeepsFailingForOneServer_OthersApplyItsWatermarkStaysAndTheNextBatchAsksForTheGap()
    {
        await using var host = await HandlerHost.StartAsync(services => services.AddSingleton<IServerStore>(sp =>
            new BrokenServerStore(new SqliteServerStore(sp.GetRequiredService<SqliteCentralDatabase>()))));
        var broken = (BrokenServerStore)host.Get<IServerStore>();
        await host.Get<StatusIngestor>().ApplyAsync(Batches.Message(Periodic(1, 1, Rec("a", 1))));
        broken.Broken = Server;

        var (status, body) = await host.InvokeAsync("IngestStatus", Invocation(
            Batches.Message(Periodic(2, 2, Rec("b", 2))),
            Batches.Message(Batch(BatchKind.Periodic, 1, 1, [Rec("x", 1, server: "srv-02")], server: "srv-02"))));

        Assert.Equal(500, status);
        AssertDocumentedAnswer(body.RootElement);
        var logs = body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(logs, l => l.StartsWith("event 0 (device 'srv-01', sequence 1000) not applied", StringComparison.Ordinal));
        Assert.Contains("2 events: 1 applied, 0 dead-lettered, 1 failed", logs);
        Assert.Equal(3, broken.FailedUpserts); // the first try and two retries (MaxRetryAttempts = 2), all inside the invocation
        Assert.Equal(1, (await host.Get<IServerStore>().GetAsync(Server))!.Watermark);
        Assert.Equal(1, (await host.Get<IServerStore>().GetAsync("srv-02"))!.Watermark);

        broken.Broken = null;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var outcome = await host.Get<StatusIngestor>().ApplyAsync(Batches.Message(Periodic(3, 3, Rec("c", 3))));

        Assert.Equal(2, outcome.ResyncFromSeq);
    }

    private static void AssertDocumentedAnswer(JsonElement answer)
    {
        Assert.Equal(JsonValueKind.Object, answer.GetProperty("Outputs").ValueKind);
        Assert.Empty(answer.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("ReturnValue").ValueKind);
    }

    /// <summary>An invocation body in the host's encoding for the given messages (sequence numbers from 1000).</summary>
    private static string Invocation(params InboundMessage[] messages)
    {
        string Encoded<T>(IEnumerable<T> values) => JsonSerializer.Serialize(JsonSerializer.Serialize(values.ToList()));
        var system = messages.Select((m, i) => new Dictionary<string, object?>
        {
            ["iothub-connection-device-id"] = m.DeviceId,
            ["iothub-connection-module-id"] = m.ModuleId,
            ["content-encoding"] = m.ContentEncoding,
            ["message-id"] = m.MessageId,
            ["SequenceNumber"] = 1000 + i,
        });
        return "{\"Data\":{\"events\":" + Encoded(messages.Select(m => Convert.ToBase64String(m.Body.Span)))
            + "},\"Metadata\":{\"SystemPropertiesArray\":" + Encoded(system)
            + ",\"SequenceNumberArray\":" + Encoded(messages.Select((_, i) => 1000 + i)) + "}}";
    }

    /// <summary>A server store whose upserts of one server always fail with a transient error (a lasting outage).</summary>
    private sealed class BrokenServerStore(IServerStore inner) : IServerStore
    {
        private int _failed;

        public string? Broken { get; set; }

        public int FailedUpserts => _failed;

        public Task<ServerState?> GetAsync(string serverId, CancellationToken cancellationToken = default) => inner.GetAsync(serverId, cancellationToken);

        public Task UpsertAsync(ServerState server, CancellationToken cancellationToken = default)
        {
            if (server.ServerId == Broken)
            {
                Interlocked.Increment(ref _failed);
                throw new TransientStoreException("store unavailable");
            }

            return inner.UpsertAsync(server, cancellationToken);
        }

        public Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default) => inner.ListByTenantAsync(tenantId, cancellationToken);

        public Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, ServerFilter filter, CancellationToken cancellationToken = default) =>
            inner.ListByTenantAsync(tenantId, filter, cancellationToken);

        public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken = default) => inner.ListTenantsAsync(cancellationToken);
    }
}
