using System.Buffers;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.History;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Commands;

/// <summary>
/// The <c>history</c> direct method (E9, S3): a page of this server's full-fidelity local history over a time window.
/// Pending transitions are flushed first, so the answer holds everything the edge saw until the call. The page is cut
/// to fit <c>maxPageBytes</c> (IoT Hub carries at most 128 KB), with <c>more</c> set whenever anything is left.
/// Statuses: 200 with a <see cref="HistoryPage"/>, 400 malformed request, 410 the <c>after</c> cursor is not held here.
/// </summary>
internal sealed class HistoryMethod(HistoryWriter writer, int maxPageBytes, ILogger logger)
{
    private static readonly byte[] Head = """{"events":["""u8.ToArray();
    private static readonly byte[] TailMore = """],"more":true}"""u8.ToArray();
    private static readonly byte[] TailDone = """],"more":false}"""u8.ToArray();

    /// <summary>Status, a message for the log and error answers, and for 200 the page's JSON.</summary>
    public async Task<(int Status, string Message, byte[]? Page)> HandleAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        HistoryRequest? request;
        try
        {
            request = payload.IsEmpty ? null : JsonSerializer.Deserialize(payload.Span, HistoryJsonContext.Default.HistoryRequest);
        }
        catch (JsonException ex)
        {
            return (400, "Malformed payload: " + ex.Message, null);
        }

        if (request is null)
        {
            return (400, "A JSON object {from, to, type?, limit, after?} is expected.", null);
        }

        if (Validate(request) is { } error)
        {
            return (400, error, null);
        }

        try
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store may still answer for what it holds; the transitions wait for the next flush.
            Log.HistoryFlushFailed(logger, ex);
        }

        LocalHistoryPage page;
        try
        {
            page = await writer.Store.QueryAsync(
                new LocalHistoryQuery(request.From, request.To, request.Type, request.Limit ?? HistoryRequest.DefaultLimit, request.After), cancellationToken).ConfigureAwait(false);
        }
        catch (UnknownHistoryCursorException ex)
        {
            return (410, ex.Message, null);
        }

        var (json, count, more) = Encode(page.Events, page.More, maxPageBytes);
        return (200, $"{count} events, more: {more}.", json);
    }

    /// <summary>
    /// The page as <see cref="HistoryPage"/> JSON of at most <paramref name="maxBytes"/>: events are taken in order
    /// while they fit (at least one); <c>more</c> is set when any were left out or the store has more.
    /// </summary>
    internal static (byte[] Json, int Count, bool More) Encode(IReadOnlyList<HistoryEvent> events, bool storeHasMore, int maxBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 16 * 1024));
        buffer.Write(Head);
        var count = 0;
        var more = storeHasMore;
        foreach (var e in events)
        {
            var item = JsonSerializer.SerializeToUtf8Bytes(e, HistoryJsonContext.Default.HistoryEvent);
            var separator = count == 0 ? 0 : 1;
            if (count > 0 && buffer.WrittenCount + separator + item.Length + TailDone.Length > maxBytes)
            {
                more = true;
                break;
            }

            if (separator == 1)
            {
                buffer.Write(","u8);
            }

            buffer.Write(item);
            count++;
        }

        buffer.Write(more ? TailMore : TailDone);
        return (buffer.WrittenSpan.ToArray(), count, more);
    }

    private static string? Validate(HistoryRequest request)
    {
        if (request.From > request.To)
        {
            return "from must not be after to.";
        }

        if (request.Limit is < 1 or > HistoryRequest.MaxLimit)
        {
            return $"limit must be from 1 to {HistoryRequest.MaxLimit}.";
        }

        if (request.Type is not null && (request.Type.Length is 0 or > 64 || !request.Type.All(char.IsAsciiLetterOrDigit)))
        {
            return "type must be an event type name (letters and digits, at most 64).";
        }

        return request.After is { Length: 0 or > 512 } ? "after must be an event id of a previous page." : null;
    }
}
