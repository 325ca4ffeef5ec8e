using System.IO.Compression;

namespace CloudStatus.Bench.Baselines;

/// <summary>Gzip size of a body, compressed the way <c>BatchCodec</c> compresses (optimal level up to 16 KB, fastest above).</summary>
internal static class MessageSizes
{
    public static int Gzip(ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream((body.Length / 2) + 64);
        using (var gzip = new GZipStream(output, body.Length <= 16 * 1024 ? CompressionLevel.Optimal : CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return (int)output.Length;
    }
}
