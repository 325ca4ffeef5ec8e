using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.Tests.CustomHandler;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Packaging;

/// <summary>
/// SLOW (a Release publish, about a minute, and a start of the published handler): <c>dotnet publish
/// functions/CloudStatus.Functions -c Release</c> must produce a complete Function App package, and its handler must
/// start the way the Functions host starts it and answer invocations. Run alone with
/// <c>--filter Category=Slow</c>; skip with <c>--filter Category!=Slow</c>.
/// </summary>
[Trait("Category", "Slow")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the package is linux-x64, and so is the machine that runs it here
public sealed class FunctionAppPublishTests : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    private readonly TempDirectory _temp = new("functions");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Publish_Release_IsAFunctionAppPackageWhoseHandlerAnswersTheHost()
    {
        var output = _temp.Sub("package");

        // --artifacts-path keeps this build's bin/obj out of the tree the other tests were built in.
        await RunAsync("dotnet", ["publish", RepoPaths.FunctionsProject, "-c", "Release", "-o", output, "--artifacts-path", _temp.Sub("artifacts"), "-nologo"]);

        var host = FunctionAppLayout.Read(Path.Combine(output, "host.json"));
        Assert.Equal(File.ReadAllText(RepoPaths.HostJson), File.ReadAllText(Path.Combine(output, "host.json")));
        FunctionAppLayout.AssertHostJson(host);
        FunctionAppLayout.AssertFunctionFolders(output);
        Assert.False(Directory.Exists(Path.Combine(output, "FunctionApp")), "function folders belong at the package root");
        var executable = Path.Combine(output, host.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!);
        Assert.True(File.Exists(executable), $"defaultExecutablePath {executable} is not in the package");
        Assert.True((File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) != 0, "the handler is not executable");
        Assert.True(File.Exists(Path.Combine(output, "libcoreclr.so")), "the package is not self-contained (no .NET runtime in it)");

        await AssertHandlerAnswersAsync(output, executable);
    }

    /// <summary>Starts the handler as the host does (its folder as working directory, the port in FUNCTIONS_CUSTOMHANDLER_PORT).</summary>
    private async Task AssertHandlerAnswersAsync(string root, string executable)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[CustomHandlerMode.PortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["CloudStatus__Central__Store__DataDirectory"] = _temp.Sub("data");
        start.Environment["ASPNETCORE_URLS"] = null;
        var log = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(process.HasExited, "the handler exited: " + log);
                    try
                    {
                        using var ping = await http.GetAsync(new Uri("healthz", UriKind.Relative));
                        return ping.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "the published handler listens on FUNCTIONS_CUSTOMHANDLER_PORT",
                TimeSpan.FromSeconds(60));

            var (ingestStatus, ingest) = await PostAsync(http, CustomHandlerEndpoints.IngestStatus, HandlerHost.Fixture("ingest-status.json"));
            Assert.True(ingestStatus == HttpStatusCode.OK, ingest.GetRawText() + log);
            Assert.Contains("8 events: 3 applied, 5 dead-lettered, 0 failed", ingest.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
            var (sweepStatus, sweep) = await PostAsync(http, CustomHandlerEndpoints.SweepHeartbeats, HandlerHost.Fixture("sweep-heartbeats.json"));
            Assert.Equal(HttpStatusCode.OK, sweepStatus);
            Assert.Equal(JsonValueKind.Null, sweep.GetProperty("ReturnValue").ValueKind);

            // The Api function forwards /api/v1/... unchanged: the app answers it (here: no token, 401).
            using var api = await http.GetAsync(new Uri("api/v1/servers", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string function, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(function, UriKind.Relative), content);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
