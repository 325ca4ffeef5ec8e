using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>
/// A set of trusted certificates that replaces the system store when the module validates its gateway's TLS
/// certificate (edgeHub's server certificate is issued by the IoT Edge device CA, which no public root vouches for).
/// Self-signed certificates in the bundle are the trust anchors; the others only help to build the chain.
/// </summary>
internal sealed class TrustBundle
{
    private readonly X509Certificate2Collection _anchors = [];
    private readonly X509Certificate2Collection _intermediates = [];

    public TrustBundle(X509Certificate2Collection certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        foreach (var certificate in certificates)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? _anchors : _intermediates).Add(certificate);
        }

        if (_anchors.Count == 0)
        {
            throw new ArgumentException("The trust bundle holds no root (self-signed) certificate.", nameof(certificates));
        }
    }

    public int RootCount => _anchors.Count;

    /// <summary>Parses a PEM chain (the workload API may also send it base64-encoded); throws when it holds no certificate.</summary>
    public static X509Certificate2Collection Parse(string? pem, string source)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new InvalidDataException($"{source} holds no certificate.");
        }

        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var buffer = new byte[pem.Length];
            if (Convert.TryFromBase64String(pem.Trim(), buffer, out var written))
            {
                pem = Encoding.UTF8.GetString(buffer, 0, written);
            }
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidDataException($"{source} is not a valid PEM certificate chain.", exception);
        }

        return certificates.Count > 0 ? certificates : throw new InvalidDataException($"{source} holds no PEM certificate.");
    }

    /// <summary>
    /// A TLS server-certificate check: true only when the host name matched and the certificate chains to a root of
    /// this bundle (the system store is not consulted; revocation is not checked, the edge CA publishes no CRL).
    /// </summary>
    /// <param name="presented">The chain the platform built from what the server sent; its certificates help to build ours.</param>
    public bool Validate(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // no certificate, or a host name mismatch: no bundle can fix those
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
