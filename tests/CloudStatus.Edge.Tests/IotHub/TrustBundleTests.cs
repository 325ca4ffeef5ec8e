using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CloudStatus.Edge.Transport.IotHub.Workload;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>The gateway certificate check with certificates made in-test (no system store involved).</summary>
public sealed class TrustBundleTests
{
    [Fact]
    public void Validate_CertificateIssuedByTheBundleRoot_Accepted()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var server = TestCertificates.CreateServer(root);
        var bundle = new TrustBundle([root]);

        Assert.True(bundle.Validate(server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Validate_CertificateOfAnotherRoot_Rejected()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var other = TestCertificates.CreateRoot("someone else");
        using var server = TestCertificates.CreateServer(other);
        var bundle = new TrustBundle([root]);

        Assert.False(bundle.Validate(server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Validate_SelfSignedServerCertificate_Rejected()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var impostor = TestCertificates.CreateRoot("localhost");
        var bundle = new TrustBundle([root]);

        Assert.False(bundle.Validate(impostor, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Validate_HostNameMismatch_RejectedEvenWhenChained()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var server = TestCertificates.CreateServer(root);
        var bundle = new TrustBundle([root]);

        Assert.False(bundle.Validate(server, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(bundle.Validate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void Validate_ThroughAnIntermediate_AcceptedFromTheBundleOrThePresentedChain()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var intermediate = TestCertificates.CreateIntermediate(root, "workload ca");
        using var server = TestCertificates.CreateServer(intermediate);

        Assert.True(new TrustBundle([root, intermediate]).Validate(server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(new TrustBundle([root]).Validate(server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        using var presented = new X509Chain();
        presented.ChainPolicy.ExtraStore.Add(intermediate);
        presented.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        presented.Build(server);
        Assert.True(new TrustBundle([root]).Validate(server, presented, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Constructor_NoRootInTheBundle_Throws()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var intermediate = TestCertificates.CreateIntermediate(root, "workload ca");

        Assert.Throws<ArgumentException>(() => new TrustBundle([intermediate]));
    }

    [Fact]
    public void Parse_PemOrBase64Pem_ReadsEveryCertificate_GarbageThrows()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var intermediate = TestCertificates.CreateIntermediate(root, "workload ca");
        var pem = TestCertificates.ToPem(intermediate, root);

        Assert.Equal(2, TrustBundle.Parse(pem, "test").Count);
        Assert.Equal(2, TrustBundle.Parse(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pem)), "test").Count);
        Assert.Throws<InvalidDataException>(() => TrustBundle.Parse("not a certificate", "test"));
        Assert.Throws<InvalidDataException>(() => TrustBundle.Parse("", "test"));
    }
}
