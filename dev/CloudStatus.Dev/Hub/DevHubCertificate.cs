using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// The dev hub's own small PKI, made at first start and kept for the hub's lifetime: a self-signed CA and a server
/// certificate it signs for 127.0.0.1 and localhost. Clients trust <see cref="CaPem"/> (as modules trust the IoT Edge
/// trust bundle); the CA key is dropped once the server certificate is signed.
/// </summary>
internal sealed class DevHubCertificate : IDisposable
{
    private DevHubCertificate(string caPem, X509Certificate2 server)
    {
        CaPem = caPem;
        ServerCertificate = server;
    }

    /// <summary>The CA certificate, PEM: what a client adds to its trust store to connect over TLS or WebSockets.</summary>
    public string CaPem { get; }

    /// <summary>The TLS server certificate with its private key (SAN: IP 127.0.0.1, DNS localhost).</summary>
    public X509Certificate2 ServerCertificate { get; }

    public static DevHubCertificate Create()
    {
        // The real clock on purpose: TLS peers check validity against their own clocks, not the hub's (maybe fake) one.
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=CloudStatus dev hub CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(364), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // Through PKCS#12 so that SslStream gets a certificate whose key it can use on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new DevHubCertificate(ca.ExportCertificatePem(), server);
    }

    public void Dispose() => ServerCertificate.Dispose();
}
