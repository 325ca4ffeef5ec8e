using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CloudStatus.Dev.Hub;
using CloudStatus.Dev.Tests.Stack;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>
/// The dev hub held to Microsoft's own device SDK: the unmodified Node.js <c>azure-iot-device-mqtt</c> ModuleClient
/// (tests/node-sdk, installed by scripts/deps/40-node-sdk.sh) joins the running dev stack with a connection string from
/// <c>POST /dev/hub/devices</c>, over MQTT/TLS and over WebSockets: its StatusBatch is ingested, it answers a reboot
/// sent through the command API, gets its twin, reports properties and hears a desired-property change.
/// </summary>
public sealed class NodeSdkConformanceTests
{
    [Theory]
    [InlineData("mqtt", false)]
    [InlineData("mqttws", true)]
    public async Task ModuleClient_UnmodifiedNodeSdk_SendsAnswersAndUsesItsTwin(string transport, bool gzip)
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Servers = 1 });
        var deviceId = "ext-node-" + transport;
        using var joined = await stack.PostAsync("/dev/hub/devices", $$"""{"deviceId":"{{deviceId}}"}""");
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var device = (await joined.Content.ReadFromJsonAsync(DevHubJsonContext.Default.DevHubDeviceDto))!;
        await using var node = NodeModuleClient.Start(device, transport, Batch(deviceId), gzip);

        await node.NextAsync("connected");
        Assert.Equal(gzip, (await node.NextAsync("sent")).GetProperty("gzip").GetBoolean());
        await Eventually.TrueAsync(async () => (await stack.ServerAsync(deviceId))?.Ingest.Records == 2, $"central ingested {deviceId}'s batch", TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await stack.ProducersAsync(deviceId)).Count);

        var twin = await node.NextAsync("twin");
        Assert.Equal(1, twin.GetProperty("reported").GetProperty("$version").GetInt64());
        await node.NextAsync("reported");
        var hubTwin = await stack.Client.GetFromJsonAsync<JsonElement>(new Uri($"/dev/hub/devices/{deviceId}/modules/{device.ModuleId}/twin", UriKind.Relative));
        Assert.Equal(transport, hubTwin.GetProperty("reported").GetProperty("transport").GetString());
        Assert.Equal(2, hubTwin.GetProperty("reported").GetProperty("$version").GetInt64());

        using var desired = await stack.Client.PatchAsync(
            new Uri($"/dev/hub/devices/{deviceId}/modules/{device.ModuleId}/twin/desired", UriKind.Relative),
            new StringContent("""{"period":"00:00:05"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, desired.StatusCode);
        var patch = await node.NextAsync("desired", e => e.GetProperty("patch").TryGetProperty("period", out _));
        Assert.Equal("00:00:05", patch.GetProperty("patch").GetProperty("period").GetString());
        Assert.Equal(2, patch.GetProperty("patch").GetProperty("$version").GetInt64());

        using var submitted = await stack.PostAsync("/api/v1/commands", $$"""{"action":"reboot","producerId":"{{deviceId}}.sw-01"}""");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var commandId = (await submitted.Content.ReadFromJsonAsync(ApiJsonContext.Default.CommandAcceptedDto))!.CommandId;
        var method = await node.NextAsync("method");
        Assert.Equal("reboot", method.GetProperty("name").GetString());
        var command = await stack.CommandCompletedAsync(commandId);
        Assert.Equal("succeeded", command.Status);
        Assert.Contains("azure-iot-device-mqtt", command.Result, StringComparison.Ordinal);
    }

    /// <summary>A StatusBatch without connectivity[] (the schema does not require it): a server and one switch.</summary>
    private static string Batch(string serverId)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return $$"""
            {"schema":"cloudstatus.batch/v1","tenantId":"contoso","siteId":"site-node","serverId":"{{serverId}}","epoch":"node-1",
             "seqFrom":1,"seqTo":2,"kind":"periodic","sentAt":"{{now}}",
             "records":[{"producerId":"{{serverId}}","kind":"server","seq":1,"localTimestamp":"{{now}}","health":"online"},
                        {"producerId":"{{serverId}}.sw-01","kind":"switch","parentId":"{{serverId}}","seq":2,"localTimestamp":"{{now}}","health":"online"}]}
            """;
    }

    /// <summary>tests/node-sdk/module-client.js as a child process; its JSON lines are collected as they come.</summary>
    private sealed class NodeModuleClient : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<JsonElement> _events = new();
        private readonly StringBuilder _stderr = new();

        private NodeModuleClient(Process process)
        {
            _process = process;
        }

        public static NodeModuleClient Start(DevHubDeviceDto device, string transport, string batch, bool gzip)
        {
            var folder = NodeSdkFolder();
            var start = new ProcessStartInfo("node", "module-client.js")
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["CS_CONNECTION_STRING"] = device.ConnectionString;
            start.Environment["CS_TRANSPORT"] = transport;
            start.Environment["CS_TLS_PORT"] = device.MqttTlsPort.ToString(CultureInfo.InvariantCulture);
            start.Environment["CS_WS_PORT"] = new Uri(device.WebSocketUrl).Port.ToString(CultureInfo.InvariantCulture);
            start.Environment["CS_CA_PEM"] = device.CaCertificatePem;
            start.Environment["CS_BATCH"] = batch;
            start.Environment["CS_GZIP"] = gzip ? "1" : "0";
            var process = new Process { StartInfo = start };
            var client = new NodeModuleClient(process);
            process.OutputDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    client._events.Enqueue(JsonDocument.Parse(e.Data).RootElement.Clone());
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (client._stderr)
                {
                    client._stderr.AppendLine(e.Data);
                }
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return client;
        }

        public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool>? where = null)
        {
            JsonElement found = default;
            try
            {
                await Eventually.TrueAsync(
                    () =>
                    {
                        if (_events.FirstOrDefault(e => e.GetProperty("event").GetString() == "error") is { ValueKind: JsonValueKind.Object } error)
                        {
                            throw new InvalidOperationException("The Node SDK client failed: " + error.GetProperty("message").GetString());
                        }

                        found = _events.FirstOrDefault(e => e.GetProperty("event").GetString() == name && (where is null || where(e)));
                        return found.ValueKind == JsonValueKind.Object;
                    },
                    $"the Node SDK client reported '{name}'",
                    TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException exception)
            {
                string stderr;
                lock (_stderr)
                {
                    stderr = _stderr.ToString();
                }

                throw new TimeoutException($"{exception.Message} Events: {string.Join(" ", _events)} Stderr: {stderr}", exception);
            }

            return found;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            _process.Dispose();
        }

        private static string NodeSdkFolder()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "node-sdk");
                if (File.Exists(Path.Combine(candidate, "module-client.js")))
                {
                    return Directory.Exists(Path.Combine(candidate, "node_modules", "azure-iot-device-mqtt"))
                        ? candidate
                        : throw new InvalidOperationException($"The Node SDK is not installed in {candidate}: run scripts/deps/40-node-sdk.sh (or scripts/test-deps.sh).");
                }
            }

            throw new InvalidOperationException("tests/node-sdk not found above " + AppContext.BaseDirectory);
        }
    }
}
