using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The HTTP clients of one node's equipment: one connection pool per CA file (none = the system's trust). Timeouts are
/// per request (the adapters' cancellation), not the client's.
/// </summary>
internal sealed class EquipmentHttpClients : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly List<X509Certificate2> _certificates = [];
    private readonly Lock _gate = new();

    public HttpClient For(EquipmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.CaCertificateFile ?? string.Empty;
        lock (_gate)
        {
            if (!_clients.TryGetValue(key, out var client))
            {
                client = new HttpClient(CreateHandler(options.CaCertificateFile), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
                _clients.Add(key, client);
            }

            return client;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        foreach (var certificate in _certificates)
        {
            certificate.Dispose();
        }
    }

    private SocketsHttpHandler CreateHandler(string? caFile)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
        };
        if (caFile is null)
        {
            return handler;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        _certificates.AddRange(roots);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(roots, certificate, errors),
        };
        return handler;
    }

    /// <summary>The name must match; the chain must end at one of the configured CAs (and only those).</summary>
    private static bool Trusts(X509Certificate2Collection roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
