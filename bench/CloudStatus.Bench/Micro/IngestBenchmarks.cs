using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>
/// Central ingest over the embedded in-memory SQLite store, per record: <see cref="StatusIngestor.ApplyAsync"/> of a
/// periodic batch of 100 changed records (decode, seq-newer check, event log, producer upserts, server row), and a
/// burst of 1,000 periodic batches of 10 changed records from 100 servers applied back to back (a fleet catching up
/// after an outage). Both encode their messages before each iteration (the periodic one is one apply per iteration),
/// so time and allocations are the ingest's alone. Sequences keep rising, so every record is applied.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int Records = 100;
    private const int BurstBatches = 1_000;
    private const int BurstServers = 100;
    private const int BurstRecords = 10;
    private ServiceProvider _services = null!;
    private StatusIngestor _ingestor = null!;
    private long _seq;
    private long _burstSeq;
    private InboundMessage[] _burst = [];
    private InboundMessage _periodic = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CloudStatus:Central:Store:InMemoryName"] = "micro-" + Guid.NewGuid().ToString("N") })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCloudStatusCentral(configuration);
        _services = services.BuildServiceProvider();
        _ingestor = _services.GetRequiredService<StatusIngestor>();
        PreparePeriodic();
        Apply().GetAwaiter().GetResult();
        PrepareBurst();
        Burst().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(Burst))]
    public void PrepareBurst()
    {
        var at = DateTimeOffset.UnixEpoch.AddSeconds(_burstSeq);
        _burst = new InboundMessage[BurstBatches];
        for (var i = 0; i < BurstBatches; i++)
        {
            var server = i % BurstServers;
            var serverId = $"srv-b{server:000}";
            var firstSeq = _burstSeq + ((i / BurstServers) * BurstRecords) + 1;
            var records = MicroData.Records(BurstRecords, firstSeq, at, serverId);
            var batch = MicroData.Batch(records, at) with { ServerId = serverId, Epoch = "epoch-" + serverId };
            _burst[i] = new InboundMessage { DeviceId = serverId, Body = BatchCodec.Encode(batch, gzip: false) };
        }

        _burstSeq += BurstBatches / BurstServers * BurstRecords;
    }

    [IterationSetup(Target = nameof(Apply))]
    public void PreparePeriodic()
    {
        var at = DateTimeOffset.UnixEpoch.AddSeconds(_seq);
        var batch = MicroData.Batch(MicroData.Records(Records, _seq + 1, at), at);
        _seq += Records;
        _periodic = new InboundMessage { DeviceId = batch.ServerId, Body = BatchCodec.Encode(batch, gzip: false) };
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "StatusIngestor.ApplyAsync, 100 changed records")]
    public async Task<int> Apply() => (await _ingestor.ApplyAsync(_periodic).ConfigureAwait(false)).Applied;

    [Benchmark(OperationsPerInvoke = BurstBatches * BurstRecords, Description = "StatusIngestor.ApplyAsync, burst of 1,000 batches x 10 records")]
    public async Task<int> Burst()
    {
        var applied = 0;
        foreach (var message in _burst)
        {
            applied += (await _ingestor.ApplyAsync(message).ConfigureAwait(false)).Applied;
        }

        return applied;
    }
}
