using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CloudStatus.Core.Buffers;

namespace CloudStatus.Core.Wire;

/// <summary>Encodes StatusBatch v1 as UTF-8 JSON (optionally gzip) and decodes it back, splitting in order to fit a message.</summary>
public static class BatchCodec
{
    // Longest age a record may give (AgeTicks): far more than any outage the edge rides out.
    private const int OptimalUpToBytes = 16 * 1024;

    private static readonly long MaxAgeTicks = TimeSpan.FromDays(3650).Ticks;

    private static readonly JsonTypeInfo<StatusBatch> Json = WireContract.StatusBatch;
    private static readonly JsonTypeInfo<StatusBatch> JsonForReading = WireContract.StatusBatchForReading;

    public static byte[] Encode(StatusBatch batch, bool gzip)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(batch, Json);
        return gzip ? Compress(json) : json;
    }

    /// <summary>
    /// Encodes a batch into one or more bodies of at most <paramref name="maxBytes"/> each. A batch too
    /// large is split by sequence into halves whose ranges are contiguous and together cover the original
    /// range, so central sees an ordinary in-order run of batches. Connectivity travels with the first part.
    /// </summary>
    public static IReadOnlyList<EncodedBatch> EncodeSplit(StatusBatch batch, bool gzip, int maxBytes = WireConstants.MaxMessageBytes)
    {
        var result = new List<EncodedBatch>();
        Split(batch, gzip, maxBytes, result);
        return result;
    }

    public static StatusBatch Decode(ReadOnlySpan<byte> body, string? contentEncoding)
    {
        if (!IsGzip(body, contentEncoding))
        {
            return DecodeJson(body, contentEncoding);
        }

        using var compressed = new MemoryStream(body.ToArray(), writable: false);
        return DecodeGzip(compressed);
    }

    /// <summary>As <see cref="Decode(ReadOnlySpan{byte}, string?)"/>; a gzip body backed by an array is inflated without copying it.</summary>
    public static StatusBatch Decode(ReadOnlyMemory<byte> body, string? contentEncoding)
    {
        if (!IsGzip(body.Span, contentEncoding) || !MemoryMarshal.TryGetArray(body, out var segment))
        {
            return Decode(body.Span, contentEncoding);
        }

        using var compressed = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        return DecodeGzip(compressed);
    }

    /// <summary>Inflates into a pooled buffer, so a body costs no array of its inflated size.</summary>
    private static StatusBatch DecodeGzip(Stream compressed)
    {
        using var inflated = new PooledBufferWriter(16 * 1024);
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(inflated.GetSpan(4 * 1024))) > 0)
            {
                inflated.Advance(read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new BatchFormatException("Body is not valid gzip: " + ex.Message, ex);
        }

        return DecodeJson(inflated.Buffer.AsSpan(0, inflated.WrittenCount), contentEncoding: null);
    }

    private static StatusBatch DecodeJson(ReadOnlySpan<byte> body, string? contentEncoding)
    {
        if (contentEncoding is not null
            && !contentEncoding.Equals(WireConstants.Utf8Encoding, StringComparison.OrdinalIgnoreCase)
            && !contentEncoding.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new BatchFormatException($"Unsupported content encoding '{contentEncoding}'.");
        }

        StatusBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(body, JsonForReading);
        }
        catch (JsonException ex)
        {
            throw new BatchFormatException("Body is not a StatusBatch v1 JSON document: " + ex.Message, ex);
        }

        if (batch is null)
        {
            throw new BatchFormatException("Body is JSON null, not a StatusBatch.");
        }

        // The schema does not require records[] or connectivity[] (a reader ignores what it does not know and takes an
        // absent list as empty: no records, no connectivity change); the generated reader leaves an absent one null.
        batch = batch with { Records = ResolveAges(batch.Records ?? [], batch.SentAt), Connectivity = batch.Connectivity ?? [] };
        var error = BatchValidation.Validate(batch);
        return error is null ? batch : throw new BatchFormatException(error);
    }

    /// <summary>Turns each record's <see cref="StatusRecord.AgeTicks"/> into its local timestamp, relative to sentAt.</summary>
    private static IReadOnlyList<StatusRecord> ResolveAges(IReadOnlyList<StatusRecord> records, DateTimeOffset sentAt)
    {
        if (!records.Any(r => r?.AgeTicks is not null))
        {
            return records;
        }

        var resolved = new StatusRecord[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record?.AgeTicks is not { } age)
            {
                resolved[i] = record!;
                continue;
            }

            if (age < 0 || age > MaxAgeTicks)
            {
                throw new BatchFormatException($"Record '{record.ProducerId}' has ageTicks {age}: it must lie between 0 and {MaxAgeTicks} (ten years).");
            }

            resolved[i] = record with { LocalTimestamp = sentAt - TimeSpan.FromTicks(age) };
        }

        return resolved;
    }

    private static void Split(StatusBatch batch, bool gzip, int maxBytes, List<EncodedBatch> result)
    {
        var body = Encode(batch, gzip);
        if (body.Length <= maxBytes)
        {
            result.Add(new EncodedBatch(batch, body, gzip ? WireConstants.GzipEncoding : null));
            return;
        }

        if (batch.Records.Count < 2)
        {
            throw new InvalidOperationException(
                $"A single record of producer '{batch.Records.FirstOrDefault()?.ProducerId}' encodes to {body.Length} bytes, over the {maxBytes}-byte message limit.");
        }

        var ordered = batch.Records.OrderBy(r => r.Seq).ToArray();
        var half = ordered.Length / 2;
        var splitAt = ordered[half - 1].Seq;
        var first = batch with { SeqTo = splitAt, Records = ordered[..half] };
        var second = batch with { SeqFrom = splitAt + 1, Records = ordered[half..], Connectivity = [] };
        Split(first, gzip, maxBytes, result);
        Split(second, gzip, maxBytes, result);
    }

    private static bool IsGzip(ReadOnlySpan<byte> body, string? contentEncoding) =>
        string.Equals(contentEncoding, WireConstants.GzipEncoding, StringComparison.OrdinalIgnoreCase)
        || (body.Length >= 2 && body[0] == 0x1F && body[1] == 0x8B);

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(json.Length / 4 + 64);
        using (var gzip = new GZipStream(output, LevelFor(json.Length), leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    /// <summary>
    /// The small, frequent bodies (a periodic batch, a heartbeat) at the optimal level — a fifth smaller than the
    /// fastest for a few hundred bytes, at a cost nobody notices once per period; large ones (a catch-up, a resync,
    /// a whole heap) at the fastest, where the level matters less and the CPU more.
    /// </summary>
    private static CompressionLevel LevelFor(int length) => length <= OptimalUpToBytes ? CompressionLevel.Optimal : CompressionLevel.Fastest;
}
