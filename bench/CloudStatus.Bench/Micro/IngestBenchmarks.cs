using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary>
/// Central ingest: <see cref="StatusIngestor.ApplyAsync"/> of a periodic batch of 100 changed records (decode,
/// seq-newer check, event log, producer upserts, server row) over the embedded in-memory SQLite store, per record.
/// Each call encodes its batch first (JSON, ~1 % of the time, see the encoding benchmark) so that sequences keep rising.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int Records = 100;
    private ServiceProvider _services = null!;
    private StatusIngestor _ingestor = null!;
    private long _seq;

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
        Apply().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(OperationsPerInvoke = Records, Description = "StatusIngestor.ApplyAsync, 100 changed records")]
    public async Task<int> Apply()
    {
        var at = DateTimeOffset.UnixEpoch.AddSeconds(_seq);
        var batch = MicroData.Batch(MicroData.Records(Records, _seq + 1, at), at);
        _seq += Records;
        var outcome = await _ingestor.ApplyAsync(new InboundMessage { DeviceId = batch.ServerId, Body = BatchCodec.Encode(batch, gzip: false) }).ConfigureAwait(false);
        return outcome.Applied;
    }
}
