using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Testing.Emulators;

/// <summary>
/// An OpenTelemetry collector stand-in: Kestrel on a loopback port taking OTLP/HTTP protobuf exports
/// (<c>POST /v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>) and keeping each body. Instrument and span names travel
/// as plain UTF-8 strings inside the protobuf, so a test finds them with <see cref="Received"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base address to give the exporter as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            receiver._exports.Enqueue(("/v1/" + signal, request.ContentType ?? string.Empty, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>The exports that arrived on <paramref name="path"/> (e.g. <c>/v1/metrics</c>) as protobuf.</summary>
    public IReadOnlyList<byte[]> Exports(string path) =>
        [.. _exports.Where(e => e.Path == path && e.ContentType.StartsWith("application/x-protobuf", StringComparison.Ordinal)).Select(e => e.Body)];

    /// <summary>
    /// Whether any protobuf export on <paramref name="path"/> carries <paramref name="name"/> (an instrument, span or
    /// service name) as a whole string field: its length (one varint byte, names are short) followed by its bytes.
    /// </summary>
    public bool Received(string path, string name)
    {
        var text = Encoding.UTF8.GetBytes(name);
        if (text.Length is 0 or > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(name), "names of 1–127 bytes only");
        }

        byte[] needle = [(byte)text.Length, .. text];
        return Exports(path).Any(body => body.AsSpan().IndexOf(needle) >= 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
