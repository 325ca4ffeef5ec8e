using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace CloudStatus.Testing.Emulators;

/// <summary>
/// The Cosmos DB API server (npm <c>@vercel/cosmosdb-server</c>, via <c>tests/emulators/cosmosdb-server.js</c>) on a
/// free loopback port, over HTTPS with the package's self-signed certificate. Use as an xunit class or collection
/// fixture; if it cannot start, every test using it fails with the reason.
/// </summary>
public sealed partial class CosmosDbServer : IAsyncLifetime
{
    /// <summary>Any base64 key: the server does not check signatures.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private NodeProcess? _process;

    /// <summary>Endpoint, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; private set; } = new("https://127.0.0.1/");

    /// <summary>The PEM certificate the server presents; the client trusts exactly this one.</summary>
    public string CertificatePath { get; } = EmulatorPaths.PackageFile(Path.Combine("@vercel", "cosmosdb-server", "cert.pem"));

    public async Task InitializeAsync()
    {
        var (process, line) = await NodeProcess.StartAsync(
            "Cosmos DB API server",
            "cosmosdb-server.js",
            ["--host", "127.0.0.1", "--port", "0", "--exit-with-stdin"],
            l => ReadyLine().IsMatch(l),
            TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _process = process;
        var port = int.Parse(ReadyLine().Match(line).Groups["port"].Value, CultureInfo.InvariantCulture);
        Endpoint = new Uri($"https://127.0.0.1:{port}/");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }

    [GeneratedRegex(@"^Ready to accept HTTPS connections at [^\s]+:(?<port>\d+)$")]
    private static partial Regex ReadyLine();
}
