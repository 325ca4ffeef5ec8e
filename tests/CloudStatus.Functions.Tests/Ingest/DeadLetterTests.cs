using System.Text;
using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ingest;

public sealed class DeadLetterTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    public static TheoryData<string, byte[], string?, string, string> Refused() => new()
    {
        { "not JSON", Encoding.UTF8.GetBytes("hello, not json"), null, Server, "not a StatusBatch" },
        { "bad gzip", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], WireConstants.GzipEncoding, Server, "gzip" },
        { "wrong schema", BatchCodec.Encode(Periodic(1, 1, Rec("a", 1)) with { Schema = "cloudstatus.batch/v9" }, gzip: false), null, Server, "schema" },
        { "device is not the server", BatchCodec.Encode(Periodic(1, 1, Rec("a", 1)), gzip: false), null, "srv-02", "does not match" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Apply_RefusedMessage_IsDeadLetteredWithReasonAndRawBytes(string name, byte[] body, string? encoding, string deviceId, string reasonContains)
    {
        var outcome = await _central.ApplyAsync(Batches.Message(body, encoding, deviceId));

        Assert.True(outcome.DeadLettered, name);
        Assert.Contains(reasonContains, outcome.DeadLetterReason, StringComparison.OrdinalIgnoreCase);
        var letter = Assert.Single((await _central.Get<IDeadLetterStore>().ListAsync(10, null)).Items);
        Assert.Equal((deviceId, _central.Time.GetUtcNow()), (letter.DeviceId, letter.ReceivedAt));
        Assert.Equal(body, letter.Body);
        Assert.Equal(outcome.DeadLetterReason, letter.Reason);
        Assert.Empty(await _central.Servers.ListTenantsAsync());
    }

    [Fact]
    public async Task Worker_RefusedMessagesAmongGoodOnes_TheRestAreStillApplied()
    {
        var queue = _central.Get<IngestQueue>();
        var worker = _central.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<IngestWorker>().Single();
        await queue.AcceptAsync(Batches.Message(Periodic(1, 1, Rec("a", 1))));
        await queue.AcceptAsync(Batches.Message(Encoding.UTF8.GetBytes("{"), null, Server));
        await queue.AcceptAsync(Batches.Message(Periodic(2, 2, Rec("b", 2)), deviceId: "srv-99"));
        await queue.AcceptAsync(Batches.Message(Periodic(2, 3, Rec("c", 3)), gzip: true));

        while (queue.Reader.TryRead(out var message))
        {
            Assert.True(await worker.ProcessAsync(message, CancellationToken.None));
        }

        var live = (await _central.Producers.ListAsync(Server)).Select(p => p.ProducerId);
        Assert.Equal(["srv-01.a", "srv-01.c"], live);
        Assert.Equal(3, (await _central.Servers.GetAsync(Server))!.Watermark);
        Assert.Equal(2, (await _central.Get<IDeadLetterStore>().ListAsync(10, null)).Items.Count);
    }

    [Fact]
    public async Task Apply_TransientStoreErrors_AreRetriedInsideTheApply()
    {
        await using var central = new CentralHarness(configureServices: services =>
            services.AddSingleton<IServerStore>(sp => new FlakyServerStore(
                new Functions.Storage.Sqlite.SqliteServerStore(sp.GetRequiredService<Functions.Storage.Sqlite.SqliteCentralDatabase>()), failures: 2)));

        var outcome = await central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));

        Assert.Equal(1, outcome.Applied);
        Assert.Equal(1, (await central.Servers.GetAsync(Server))!.Watermark);
        Assert.Single(await central.AllEventsAsync(), e => e.Type == StatusEventTypes.Added);
    }

    /// <summary>Fails the first N upserts with a transient error (after the records were written).</summary>
    private sealed class FlakyServerStore(IServerStore inner, int failures) : IServerStore
    {
        private int _failures = failures;

        public Task<ServerState?> GetAsync(string serverId, CancellationToken cancellationToken = default) => inner.GetAsync(serverId, cancellationToken);

        public Task UpsertAsync(ServerState server, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _failures) >= 0
                ? throw new TransientStoreException("busy")
                : inner.UpsertAsync(server, cancellationToken);

        public Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default) => inner.ListByTenantAsync(tenantId, cancellationToken);

        public Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, ServerFilter filter, CancellationToken cancellationToken = default) =>
            inner.ListByTenantAsync(tenantId, filter, cancellationToken);

        public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken = default) => inner.ListTenantsAsync(cancellationToken);
    }
}
