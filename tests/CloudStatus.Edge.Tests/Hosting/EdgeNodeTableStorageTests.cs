using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Tests.Heap;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>The composed node configured for the Table-storage heap mirror (<c>CloudStatus:Edge:Heap:Kind</c> = TableStorage), against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EdgeNodeTableStorageTests(AzuriteTableServer azurite)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeUpstreamTransport _transport = new();
    private readonly string _table = "node" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task StartAsync_AfterStop_ResumesTheHeapFromTableStorage()
    {
        await using var sim = NewNode();
        var node = sim.Node;
        await sim.StartAsync();
        var population = sim.Equipment.ProducerIds.Count;
        await Eventually.TrueAsync(() => node.Heap.LastSent == population, "the population was sent");
        var epoch = node.Heap.Epoch;
        await node.StopAsync();

        await sim.StartAsync();

        Assert.Equal((epoch, (long)population, (long)population), (node.Heap.Epoch, node.Heap.MaxSeq, node.Heap.LastSent));
    }

    [Fact]
    public void Options_TableStorageWithoutConnection_NamesTheSettings()
    {
        var options = NewOptions();
        options.Heap.TableStorage = new TableHeapMirrorOptions { TableName = "x" };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("CloudStatus:Edge:Heap:TableStorage: set exactly one of ConnectionString", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("CloudStatus:Edge:Heap:TableStorage:TableName", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("DataDirectory", StringComparison.Ordinal)); // not needed without SQLite
    }

    [Fact]
    public void Options_TableStorageWithHistoryButNoDataDirectory_NamesTheSetting()
    {
        var options = NewOptions();
        options.History.Enabled = true;

        Assert.Contains(options.Validate(), e => e.Contains("CloudStatus:Edge:DataDirectory is required", StringComparison.Ordinal));
    }

    private FleetNode NewNode() => new(NewOptions(), _transport, _time);

    private EdgeNodeOptions NewOptions() => new()
    {
        TenantId = "t-1",
        SiteId = "site-1",
        ServerId = "srv-01",
        Heap = new HeapMirrorOptions
        {
            Kind = HeapMirrorKind.TableStorage,
            TableStorage = new TableHeapMirrorOptions { ConnectionString = azurite.ConnectionString, TableName = _table },
        },
        History = new() { Enabled = false }, // the local history is a file: this node keeps nothing on disk
    };
}
