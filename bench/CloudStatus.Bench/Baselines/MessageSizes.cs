using System.IO.Compression;

namespace CloudStatus.Bench.Baselines;

/// <summary>Gzip size of a body, compressed the way <c>BatchCodec</c> compresses (fastest level).</summary>
internal static class MessageSizes
{
    public static int Gzip(ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream((body.Length / 2) + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return (int)output.Length;
    }
}
