using System.IO.Compression;
using CloudStatus.Bench.Baselines;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Transport;
using CloudStatus.Functions.Ingest;

namespace CloudStatus.Bench.Pipeline;

/// <summary>
/// The hub between one edge server and central, in-process: counts each message (raw JSON size, gzip body size, IoT Hub
/// billable size = body + application properties) and hands it at once to central's ingest as the Event Hubs trigger
/// would. A resync central asks for is passed back to the server, as the direct method would.
/// </summary>
internal sealed class CentralLink(string serverId, CentralHost central, WireTally tally) : IUpstreamTransport
{
    public Action<long>? OnResync { get; set; }

    public bool IsConnected => true;

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var properties = message.Properties.Sum(p => p.Key.Length + p.Value.Length);
        tally.AddMessage(RawLength(message), message.Body.Length, message.Body.Length + properties);
        var resync = await central.ApplyAsync(
            new InboundMessage
            {
                DeviceId = serverId,
                ModuleId = "cloudstatus",
                Body = message.Body,
                ContentType = message.ContentType,
                ContentEncoding = message.ContentEncoding,
                MessageId = message.MessageId,
                Properties = message.Properties,
            },
            cancellationToken).ConfigureAwait(false);
        if (resync is { } from)
        {
            OnResync?.Invoke(from);
        }
    }

    private static long RawLength(OutboundMessage message)
    {
        if (!string.Equals(message.ContentEncoding, WireConstants.GzipEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return message.Body.Length;
        }

        using var input = new MemoryStream(message.Body, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
