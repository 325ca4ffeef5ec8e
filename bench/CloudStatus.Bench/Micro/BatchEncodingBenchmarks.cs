using BenchmarkDotNet.Attributes;
using CloudStatus.Core.Wire;

#pragma warning disable CA1515 // BenchmarkDotNet runs public, unsealed benchmark classes only.

namespace CloudStatus.Bench.Micro;

/// <summary><see cref="BatchCodec.Encode"/> of a StatusBatch of 100 device records, JSON or JSON + gzip. Per record.</summary>
[MemoryDiagnoser]
public class BatchEncodingBenchmarks
{
    private const int Records = 100;
    private StatusBatch _batch = null!;

    [Params(false, true)]
    public bool Gzip { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _batch = MicroData.Batch(MicroData.Records(Records, 1, at), at);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "BatchCodec.Encode, 100 records")]
    public byte[] Encode() => BatchCodec.Encode(_batch, Gzip);
}
