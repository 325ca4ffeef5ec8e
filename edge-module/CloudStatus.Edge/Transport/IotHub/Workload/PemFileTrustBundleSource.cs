using System.Security.Cryptography.X509Certificates;

namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>A trust bundle read from a PEM file on every connect (so a rotated file is picked up).</summary>
internal sealed class PemFileTrustBundleSource(string path) : ITrustBundleSource
{
    public string Path { get; } = path;

    public async Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken = default)
    {
        var pem = await File.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false);
        return TrustBundle.Parse(pem, $"the CA certificate file '{Path}'");
    }
}
