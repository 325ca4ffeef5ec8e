using System.Globalization;
using Xunit;

namespace CloudStatus.Testing.Emulators;

/// <summary>
/// One of Azurite's services (npm <c>azurite</c>, via <c>tests/emulators/azurite-service.js</c>) on a free loopback
/// port, in memory, API version check skipped, loose mode, no telemetry. Use a service's subclass as an xunit class or
/// collection fixture; if it cannot start, every test using it fails with the reason.
/// </summary>
public abstract class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int Attempts = 3;

    private readonly string _service;
    private readonly string _readyMarker;
    private NodeProcess? _process;

    /// <param name="service">Azurite's name for it: <c>table</c> or <c>queue</c> (its <c>--{service}Host/Port</c> options).</param>
    /// <param name="readyMarker">What the service prints once it listens.</param>
    private protected AzuriteServer(string service, string readyMarker)
    {
        _service = service;
        _readyMarker = readyMarker;
    }

    public int Port { get; private set; }

    /// <summary>The service's endpoint for the development account.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};{EndpointKey}={Endpoint};";

    /// <summary>The connection string's key for this service's endpoint (<c>TableEndpoint</c>, <c>QueueEndpoint</c>).</summary>
    private protected abstract string EndpointKey { get; }

    public async Task InitializeAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var port = FreePort.Next();
            try
            {
                var (process, _) = await NodeProcess.StartAsync(
                    $"Azurite {_service} service",
                    "azurite-service.js",
                    [
                        _service, $"--{_service}Host", "127.0.0.1", $"--{_service}Port", port.ToString(CultureInfo.InvariantCulture),
                        "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--disableProductStyleUrl", "--exit-with-stdin",
                    ],
                    line => line.Contains(_readyMarker, StringComparison.Ordinal),
                    TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                _process = process;
                Port = port;
                return;
            }
            catch (InvalidOperationException ex) when (attempt < Attempts && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                failures.Add(ex.Message); // another process took the port between our probe and Azurite's bind
            }
        }

        throw new InvalidOperationException("Azurite could not bind a free port: " + string.Join(" | ", failures));
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
