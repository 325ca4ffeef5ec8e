using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Edge.Transport.IotHub.Workload;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>The workload API client against a real Kestrel server on a unix socket (<see cref="WorkloadApiStub"/>).</summary>
public sealed class WorkloadApiTests : IAsyncLifetime
{
    private static readonly byte[] Key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    private readonly TempDirectory _dir = new("edge");
    private WorkloadApiStub _daemon = null!;

    public async Task InitializeAsync()
    {
        _daemon = await WorkloadApiStub.StartAsync(_dir.Sub("workload.sock"));
        _daemon.ModuleKey = Key;
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SignAsync_OverUnixSocket_PostsTheDocumentedRequestAndReturnsTheDigest()
    {
        using var client = new WorkloadApiClient(_daemon.WorkloadUri);
        var data = Encoding.UTF8.GetBytes("to be signed");

        var digest = await client.SignAsync("cloudstatus", "gen-7", data);

        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(Key, data)), digest);
        var request = Assert.Single(_daemon.Requests);
        Assert.Equal(("POST", "/modules/cloudstatus/genid/gen-7/sign", "2018-06-28"), (request.Method, request.Path, request.ApiVersion));
        Assert.Equal("primary", (string?)request.Body!["keyId"]);
        Assert.Equal("HMACSHA256", (string?)request.Body["algo"]);
        Assert.Equal(Convert.ToBase64String(data), (string?)request.Body["data"]);
    }

    [Fact]
    public async Task GetTokenAsync_WorkloadSigner_SignatureIsHmacOfTheStringToSignUnderTheModuleKey()
    {
        using var client = new WorkloadApiClient(_daemon.WorkloadUri);
        var provider = new WorkloadSasTokenProvider(client, "cloudstatus", "gen-7");
        var expiry = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var token = await provider.GetTokenAsync("TestHub.azure-devices.net/devices/srv-01/modules/cloudstatus", expiry);

        // Checked from the documented algorithm, independently of the product code.
        var fields = token["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var se = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal("testhub.azure-devices.net%2Fdevices%2Fsrv-01%2Fmodules%2Fcloudstatus", fields["sr"]);
        Assert.Equal(se, fields["se"]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{fields["sr"]}\n{se}")));
        Assert.Equal(expected, WebUtility.UrlDecode(fields["sig"]));
        Assert.True(SharedAccessSignature.TryParse(token, out var parsed) && parsed.IsSignedWith(Key));
    }

    [Fact]
    public async Task GetTrustBundleAsync_ReturnsEveryCertificateOfThePemChain()
    {
        using var root = TestCertificates.CreateRoot("edge root");
        using var intermediate = TestCertificates.CreateIntermediate(root, "edge intermediate");
        _daemon.TrustBundlePem = TestCertificates.ToPem(intermediate, root);
        using var client = new WorkloadApiClient(_daemon.WorkloadUri, "2019-01-30");

        var bundle = await client.GetTrustBundleAsync();

        Assert.Equal([intermediate.Thumbprint, root.Thumbprint], bundle.Select(c => c.Thumbprint));
        var request = Assert.Single(_daemon.Requests);
        Assert.Equal(("GET", "/trust-bundle", "2019-01-30"), (request.Method, request.Path, request.ApiVersion));
    }

    [Fact]
    public async Task SignAsync_DaemonRefuses_ThrowsTransportUnavailableWithItsMessage()
    {
        _daemon.SignFailure = 404;
        using var client = new WorkloadApiClient(_daemon.WorkloadUri);

        var exception = await Assert.ThrowsAsync<TransportUnavailableException>(() => client.SignAsync("cloudstatus", "gen-7", [1]));

        Assert.Contains("404 Module not found", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_NoDaemonOnTheSocket_ThrowsHttpRequestException()
    {
        using var client = new WorkloadApiClient(new Uri("unix://" + _dir.Sub("absent.sock")));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SignAsync("cloudstatus", "gen-7", [1]));
    }

    [Fact]
    public void Constructor_UnsupportedScheme_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WorkloadApiClient(new Uri("ftp://host/")));
    }
}
