using System.Globalization;
using Xunit;

namespace CloudStatus.Testing.Emulators;

/// <summary>
/// Azurite's Queue service (npm <c>azurite</c>, via <c>tests/emulators/azurite-queue.js</c>) on a free loopback port,
/// in memory, API version check skipped, loose mode, no telemetry. Use as an xunit class or collection fixture; if it
/// cannot start, every test using it fails with the reason.
/// </summary>
public sealed class AzuriteQueueServer : IAsyncLifetime
{
    private const int Attempts = 3;

    private NodeProcess? _process;

    public int Port { get; private set; }

    public Uri QueueEndpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AzuriteTableServer.AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteTableServer.AccountName};AccountKey={AzuriteTableServer.AccountKey};QueueEndpoint={QueueEndpoint};";

    public async Task InitializeAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var port = FreePort.Next();
            try
            {
                var (process, _) = await NodeProcess.StartAsync(
                    "Azurite Queue service",
                    "azurite-queue.js",
                    [
                        "--queueHost", "127.0.0.1", "--queuePort", port.ToString(CultureInfo.InvariantCulture),
                        "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--disableProductStyleUrl", "--exit-with-stdin",
                    ],
                    line => line.Contains("successfully listens", StringComparison.Ordinal),
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
