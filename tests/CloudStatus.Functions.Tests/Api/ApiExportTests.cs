using System.Net;
using System.Net.Http.Headers;
using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>CSV exports: headers, RFC 4180 quoting, filters, tenant scoping, and rows streamed page by page.</summary>
public sealed class ApiExportTests : IAsyncLifetime
{
    private const int Producers = (2 * ExportsApi.PageSize) + 200;
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly GatedProducerStore.Gate _gate = new();
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(services: s => s.AddSingleton<IProducerStore>(
            sp => new GatedProducerStore(new SqliteProducerStore(sp.GetRequiredService<SqliteCentralDatabase>()), _gate)));
        var servers = _host.Services.GetRequiredService<IServerStore>();
        await servers.UpsertAsync(new ServerState { ServerId = "srv-1", TenantId = "tenant-a", SiteId = "s", Epoch = "e1", RegisteredAt = T0 });
        await servers.UpsertAsync(new ServerState { ServerId = "srv-b", TenantId = "tenant-b", SiteId = "s", Epoch = "e1", RegisteredAt = T0 });
        var producers = _host.Services.GetRequiredService<IProducerStore>();
        await producers.UpsertManyAsync("srv-1", [.. Enumerable.Range(0, Producers).Select(Producer)]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ExportProducers_Everything_IsCsvWithFilenameHeaderAndEveryRowQuotedRight()
    {
        _gate.Open();
        using var response = await _host.Client.GetAsync(new Uri("/api/v1/servers/srv-1/producers/export", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("producers-srv-1-20300101T000000Z.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var records = CsvText.Parse(body);
        Assert.Equal(
            ["producerId", "serverId", "kind", "parentId", "health", "stale", "silent", "flapping", "deleted", "seq", "localTimestamp", "centralTimestamp", "state", "config"],
            records[0]);
        Assert.Equal(Producers, records.Count - 1);
        Assert.Equal(Enumerable.Range(0, Producers).Select(Id), records.Skip(1).Select(r => r[0]));
        var seventh = records[8];
        Assert.Equal(["srv-1.p0007", "srv-1", "port", "srv-1.sw", "offline", "false", "false", "true", "false", "7"], seventh[..10]);
        Assert.Equal("2030-01-01T00:00:07.0000000Z", seventh[10]);
        Assert.Equal(Producer(7).State, seventh[12]);
        Assert.Contains("\"note\":\"a, \\\"quoted\\\" note\"", seventh[12], StringComparison.Ordinal);
        Assert.Equal(string.Empty, records[1][13]);
        Assert.Equal(Producer(7).Config, seventh[13]);
        Assert.Equal(3, _gate.Pages);
    }

    [Fact]
    public async Task ExportProducers_WhileTheStoreHoldsPageTwo_HasAlreadySentPageOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _host.Client.GetAsync(
            new Uri("/api/v1/servers/srv-1/producers/export", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        // Header and the first page arrive while the second page is still held in the store.
        for (var line = 0; line <= ExportsApi.PageSize; line++)
        {
            Assert.NotNull(await reader.ReadLineAsync(timeout.Token));
        }

        // Nothing past page one can have been read yet: the gate is still shut.
        Assert.False(_gate.IsOpen);
        _gate.Open();
        var rest = 0;
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
            rest++;
        }

        Assert.Equal(Producers - ExportsApi.PageSize, rest);
    }

    [Fact]
    public async Task ExportProducers_WithFilters_ExportsOnlyMatches()
    {
        _gate.Open();
        using var response = await _host.Client.GetAsync(new Uri("/api/v1/servers/srv-1/producers/export?health=offline&flapping=true", UriKind.Relative));

        var records = CsvText.Parse(await response.Content.ReadAsStringAsync());

        var expected = Enumerable.Range(0, Producers).Select(Producer).Where(p => p.Health == Health.Offline && p.Flapping).Select(p => p.ProducerId);
        Assert.Equal(expected, records.Skip(1).Select(r => r[0]));
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task ExportProducers_UnknownOrOtherTenantsServer_IsProblem404AndBadFilter400()
    {
        _gate.Open();
        using var reader = _host.Jwt([CloudStatusClaims.ReadRole], ["tenant-a"]);

        using var missing = await _host.Client.GetAsync(new Uri("/api/v1/servers/srv-9/producers/export", UriKind.Relative));
        using var foreign = await reader.GetAsync(new Uri("/api/v1/servers/srv-b/producers/export", UriKind.Relative));
        using var bad = await _host.Client.GetAsync(new Uri("/api/v1/servers/srv-1/producers/export?stale=maybe", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        await ApiFilterTests.AssertValidationProblemAsync(bad, "stale");
    }

    [Fact]
    public async Task ExportEvents_RangeAndType_StreamsEveryMatchOldestFirstAcrossPages()
    {
        var events = _host.Services.GetRequiredService<IEventStore>();
        var all = Enumerable.Range(0, 1300).Select(i => new StatusEvent
        {
            EventId = $"ev-{i:D5}",
            TenantId = i % 10 == 9 ? "tenant-b" : "tenant-a",
            ServerId = "srv-1",
            ProducerId = "srv-1.p" + i,
            Type = i % 2 == 0 ? StatusEventTypes.HealthChanged : StatusEventTypes.Added,
            Health = Health.Degraded,
            Seq = i,
            CentralTimestamp = T0.AddMinutes(-2000 + i),
        }).ToList();
        await events.AppendAsync("export", all);
        var from = T0.AddMinutes(-1900);
        var to = T0.AddMinutes(-800);
        using var reader = _host.Jwt([CloudStatusClaims.ReadRole], ["tenant-a"]);

        using var response = await reader.GetAsync(new Uri(
            $"/api/v1/events/export?from={from:yyyy-MM-ddTHH:mm:ssZ}&to={to:yyyy-MM-ddTHH:mm:ssZ}&type=healthChanged", UriKind.Relative));
        var records = CsvText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("events-20291230T162000Z-20291231T104000Z.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["eventId", "tenantId", "serverId", "producerId", "type", "health", "seq", "localTimestamp", "centralTimestamp"], records[0]);
        var expected = all
            .Where(e => e.TenantId == "tenant-a" && e.Type == StatusEventTypes.HealthChanged && e.CentralTimestamp >= from && e.CentralTimestamp < to)
            .Select(e => e.EventId)
            .ToList();
        Assert.True(expected.Count > ExportsApi.PageSize, "the export must span pages");
        Assert.Equal(expected, records.Skip(1).Select(r => r[0]));
        Assert.Equal(["tenant-a", "srv-1", "srv-1.p100", "healthChanged", "degraded", "100", ""], records[1][1..8]);
    }

    [Fact]
    public async Task ExportEvents_BadWindow_IsValidationProblem400()
    {
        using var response = await _host.Client.GetAsync(new Uri("/api/v1/events/export?from=2030-01-02&to=2030-01-01", UriKind.Relative));

        await ApiFilterTests.AssertValidationProblemAsync(response, "from");
    }

    private static string Id(int i) => $"srv-1.p{i:D4}";

    private static ProducerState Producer(int i) => new()
    {
        TenantId = "tenant-a",
        ServerId = "srv-1",
        ProducerId = Id(i),
        Kind = ProducerKind.Port,
        ParentId = "srv-1.sw",
        Epoch = "e1",
        Seq = i,
        Health = (Health)(i % 4),
        Flapping = i % 7 == 0,
        State = $$"""{"n":{{i}},"note":"a, \"quoted\" note"}""",
        Config = i % 2 == 1 ? $$"""{"speed":[{{i}},"full"]}""" : null,
        LocalTimestamp = T0.AddSeconds(i),
        CentralTimestamp = T0,
    };

    /// <summary>The real store, except that after the first page every page waits for the gate.</summary>
    private sealed class GatedProducerStore(IProducerStore inner, GatedProducerStore.Gate gate) : IProducerStore
    {
        public Task<ProducerState?> GetAsync(string serverId, string producerId, CancellationToken cancellationToken = default) =>
            inner.GetAsync(serverId, producerId, cancellationToken);

        public Task<IReadOnlyDictionary<string, ProducerState>> GetManyAsync(string serverId, IReadOnlyCollection<string> producerIds, CancellationToken cancellationToken = default) =>
            inner.GetManyAsync(serverId, producerIds, cancellationToken);

        public Task UpsertManyAsync(string serverId, IReadOnlyCollection<ProducerState> producers, CancellationToken cancellationToken = default) =>
            inner.UpsertManyAsync(serverId, producers, cancellationToken);

        public Task<IReadOnlyList<ProducerState>> ListAsync(string serverId, CancellationToken cancellationToken = default) =>
            inner.ListAsync(serverId, cancellationToken);

        public async Task<Page<ProducerState>> PageAsync(string serverId, ProducerFilter filter, int limit, string? continuation, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref gate.PageCount) > 1)
            {
                await gate.WaitAsync(cancellationToken);
            }

            return await inner.PageAsync(serverId, filter, limit, continuation, cancellationToken);
        }

        public Task<string?> FindServerIdAsync(string producerId, CancellationToken cancellationToken = default) =>
            inner.FindServerIdAsync(producerId, cancellationToken);

        public Task<int> PurgeTombstonesAsync(string serverId, DateTimeOffset deletedBefore, CancellationToken cancellationToken = default) =>
            inner.PurgeTombstonesAsync(serverId, deletedBefore, cancellationToken);

        public sealed class Gate
        {
            private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
            internal int PageCount;

            public int Pages => Volatile.Read(ref PageCount);

            public bool IsOpen => _open.Task.IsCompleted;

            public void Open() => _open.TrySetResult();

            public Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
        }
    }
}
