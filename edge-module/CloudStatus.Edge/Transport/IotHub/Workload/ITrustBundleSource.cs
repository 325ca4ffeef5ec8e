using System.Security.Cryptography.X509Certificates;

namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>
/// Where the certificates come from that the module trusts for its gateway's TLS certificate instead of the system
/// store: the IoT Edge workload API's trust bundle, or a PEM file (<c>EdgeModuleCACertificateFile</c>).
/// </summary>
internal interface ITrustBundleSource
{
    /// <summary>The trusted certificates (roots, and any intermediates the bundle carries); never empty.</summary>
    Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken = default);
}
