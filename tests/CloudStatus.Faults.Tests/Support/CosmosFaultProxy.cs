using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CloudStatus.Testing.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// A fault-injecting HTTPS proxy in front of the Cosmos DB API server, presenting the server's own certificate (so
/// central's client, which trusts exactly that certificate, talks to it unchanged). While a fault is set, that share of
/// document requests (paths with <c>/docs</c>) is answered with it — 429 with <c>x-ms-retry-after-ms</c>, or 503 —
/// and never reaches the server; every other request is forwarded as it came.
/// </summary>
internal sealed class CosmosFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private int _status;
    private double _share;
    private int _injected;
    private int _injectedWrites;

    private CosmosFaultProxy(WebApplication app, HttpClient upstream, Uri target)
    {
        _app = app;
        _upstream = upstream;
        _target = target;
    }

    public Uri Endpoint => new(_app.Urls.First().TrimEnd('/') + "/");

    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Injected faults that met a write (not a read nor a query): how long a storm lasts for ingest.</summary>
    public int InjectedWrites => Volatile.Read(ref _injectedWrites);

    public static async Task<CosmosFaultProxy> StartAsync(CosmosDbServer cosmos)
    {
        var certificatePath = cosmos.CertificatePath;
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, Path.Combine(Path.GetDirectoryName(certificatePath)!, "key.pem"));
        var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        var upstream = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData),
            },
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null))));
        var app = builder.Build();
        var proxy = new CosmosFaultProxy(app, upstream, cosmos.Endpoint);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>From now on, <paramref name="share"/> of document requests are answered <paramref name="status"/> (0: none).</summary>
    public void Inject(HttpStatusCode status, double share)
    {
        Volatile.Write(ref _share, share);
        Volatile.Write(ref _status, (int)status);
    }

    public void Heal() => Inject(0, 0);

    private async Task HandleAsync(HttpContext context)
    {
        var status = Volatile.Read(ref _status);
        if (status != 0 && context.Request.Path.Value?.Contains("/docs", StringComparison.Ordinal) == true
            && Random.Shared.NextDouble() < Volatile.Read(ref _share))
        {
            Interlocked.Increment(ref _injected);
            if (!HttpMethods.IsGet(context.Request.Method) && !context.Request.Headers.ContainsKey("x-ms-documentdb-isquery"))
            {
                Interlocked.Increment(ref _injectedWrites);
            }

            context.Response.StatusCode = status;
            context.Response.Headers["x-ms-activity-id"] = Guid.NewGuid().ToString();
            if (status == (int)HttpStatusCode.TooManyRequests)
            {
                context.Response.Headers["x-ms-retry-after-ms"] = "20";
                context.Response.Headers["x-ms-substatus"] = "3200";
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"code":"{{(status == 429 ? "TooManyRequests" : "ServiceUnavailable")}}","message":"injected by the fault proxy"}""");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, context.Request.Path.Value + context.Request.QueryString.Value));
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var header in context.Request.Headers)
        {
            if (HopByHop.Contains(header.Key))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
