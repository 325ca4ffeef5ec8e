using System.Text.Json.Nodes;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Peers;
using CloudStatus.Hosting.Telemetry;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Edge;

/// <summary>The IoT Edge deployment manifest: runtime modules, routes to IoT Hub, the CloudStatus module and Azurite.</summary>
public sealed class DeploymentManifestTests
{
    /// <summary>The placeholders docs/deploy.md exports before running envsubst, with sample values.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CONTAINER_REGISTRY_ADDRESS"] = "crexample.azurecr.io",
        ["CONTAINER_REGISTRY_USERNAME"] = "edge-pull",
        ["CONTAINER_REGISTRY_PASSWORD"] = "not-a-real-password",
        ["CLOUDSTATUS_EDGE_IMAGE"] = "crexample.azurecr.io/cloudstatus-edge:0.1.0-amd64",
        ["CLOUDSTATUS_TENANT_ID"] = "tenant-a",
        ["CLOUDSTATUS_SITE_ID"] = "site-1",
        ["CLOUDSTATUS_HEAP_STORAGE_KEY"] = "c2FtcGxlLWtleS1vbmx5LWZvci10aGUtdGVzdHM=",
    };

    private static readonly string ModuleId = DirectMethodNames.DefaultModuleId;

    private static readonly string PeersSection = PeerLinkOptions.SectionName.Replace(":", "__", StringComparison.Ordinal);

    private readonly JsonObject _manifest = EdgeManifest.Load(Values);

    private JsonObject Agent => EdgeManifest.Desired(_manifest, "$edgeAgent");

    private JsonObject Hub => EdgeManifest.Desired(_manifest, "$edgeHub");

    private JsonNode Module(string id) => Agent["modules"]![id] ?? throw new InvalidOperationException($"No module {id}.");

    [Fact]
    public void Placeholders_Template_AreExactlyTheDocumentedOnes()
    {
        Assert.Equal(Values.Keys.Order(StringComparer.Ordinal), EdgeManifest.Placeholders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Runtime_AgentAndHub_UseSchema11AndIotEdge15Images()
    {
        Assert.Equal("1.1", Agent["schemaVersion"]!.ToString());
        Assert.Equal("1.1", Hub["schemaVersion"]!.ToString());
        Assert.Equal("docker", Agent["runtime"]!["type"]!.ToString());
        Assert.Equal("mcr.microsoft.com/azureiotedge-agent:1.5", Agent["systemModules"]!["edgeAgent"]!["settings"]!["image"]!.ToString());
        Assert.Equal("mcr.microsoft.com/azureiotedge-hub:1.5", Agent["systemModules"]!["edgeHub"]!["settings"]!["image"]!.ToString());
        Assert.Equal("crexample.azurecr.io", Agent["runtime"]!["settings"]!["registryCredentials"]!["cloudstatus"]!["address"]!.ToString());
    }

    [Fact]
    public void Route_ModuleMessages_GoUpstream()
    {
        // The module publishes on devices/{d}/modules/{m}/messages/events without an output name; edgeHub sources
        // such messages as /messages/modules/{m}/* (outputs/* would only match messages sent to a named output).
        var route = Assert.Single(Hub["routes"]!.AsObject()).Value!;

        Assert.Equal($"FROM /messages/modules/{ModuleId}/* INTO $upstream", route["route"]!.ToString());
        Assert.True(route["timeToLiveSecs"]!.GetValue<int>() > 0);
    }

    [Fact]
    public void StoreAndForward_Ttl_CoversAtLeastADayOffline()
    {
        var ttl = Hub["storeAndForwardConfiguration"]!["timeToLiveSecs"]!.GetValue<int>();

        Assert.True(ttl >= (int)TimeSpan.FromDays(1).TotalSeconds, $"TTL {ttl} s");
    }

    [Fact]
    public void CloudStatusModule_IdAndImage_AreTheOnesCommandsAddress()
    {
        var module = Module(ModuleId);

        Assert.Equal("running", module["status"]!.ToString());
        Assert.Equal("always", module["restartPolicy"]!.ToString());
        Assert.Equal(Values["CLOUDSTATUS_EDGE_IMAGE"], module["settings"]!["image"]!.ToString());
        Assert.True(module["startupOrder"]!.GetValue<int>() > Module("azurite")["startupOrder"]!.GetValue<int>());
    }

    [Fact]
    public void CloudStatusModule_Environment_SetsIdentityOfTheServerAndTheTableHeap()
    {
        var env = Module(ModuleId)["env"]!.AsObject();
        var section = EdgeNodeOptions.SectionName.Replace(":", "__", StringComparison.Ordinal);
        var heap = $"{section}__{nameof(EdgeNodeOptions.Heap)}";

        Assert.Equal(
            [
                $"{heap}__{nameof(HeapMirrorOptions.Kind)}",
                $"{heap}__{nameof(HeapMirrorOptions.TableStorage)}__{nameof(TableHeapMirrorOptions.ConnectionString)}",
                $"{PeersSection}__{nameof(PeerLinkOptions.KeyFile)}",
                $"{PeersSection}__{nameof(PeerLinkOptions.PreviousKeyFile)}",
                $"{section}__{nameof(EdgeNodeOptions.SiteId)}",
                $"{section}__{nameof(EdgeNodeOptions.TenantId)}",
                TelemetrySettings.OtlpEndpoint,
            ],
            env.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("tenant-a", env[$"{section}__{nameof(EdgeNodeOptions.TenantId)}"]!["value"]!.ToString());

        // ServerId is the IoT Edge device id (IOTEDGE_DEVICEID), which the module reads when ServerId is not set.
        Assert.DoesNotContain($"{section}__{nameof(EdgeNodeOptions.ServerId)}", env.Select(p => p.Key));
        Assert.Equal("IOTEDGE_DEVICEID", EdgeModuleServiceCollectionExtensions.IotEdgeDeviceIdKey);
    }

    [Fact]
    public void CloudStatusModule_Heap_IsMirroredInTheAzuriteModuleWithTheDeploymentsOwnAccountKey()
    {
        var env = Module(ModuleId)["env"]!.AsObject();
        var heap = EdgeNodeOptions.SectionName.Replace(":", "__", StringComparison.Ordinal) + "__Heap";
        var key = Values["CLOUDSTATUS_HEAP_STORAGE_KEY"];

        Assert.Equal(nameof(HeapMirrorKind.TableStorage), env[$"{heap}__Kind"]!["value"]!.ToString());
        var connection = env[$"{heap}__TableStorage__ConnectionString"]!["value"]!.ToString();
        Assert.Contains("TableEndpoint=http://azurite:10002/cloudstatus;", connection, StringComparison.Ordinal);
        Assert.Contains($"AccountName=cloudstatus;AccountKey={key};", connection, StringComparison.Ordinal);
        Assert.Equal($"cloudstatus:{key}", Module("azurite")["env"]!["AZURITE_ACCOUNTS"]!["value"]!.ToString());
        Assert.Empty(new TableHeapMirrorOptions { ConnectionString = connection }.Validate(heap));
    }

    [Fact]
    public void CloudStatusModule_Heap_LivesOnANamedVolumeAtTheImagesDataDirectory()
    {
        var options = EdgeManifest.CreateOptions(Module(ModuleId));
        var mount = Assert.Single(options["HostConfig"]!["Mounts"]!.AsArray())!;
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.EdgeModule, "Dockerfile"));

        Assert.Equal("volume", mount["Type"]!.ToString());
        Assert.Equal("cloudstatus-heap", mount["Source"]!.ToString());
        Assert.Contains($"ENV CloudStatus__Edge__{nameof(EdgeNodeOptions.DataDirectory)}={mount["Target"]}\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("8080/tcp", options["HostConfig"]!["PortBindings"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void CloudStatusModule_PushSecrets_MountedReadOnlyFromTheDeviceAndNoCallerInTheManifest()
    {
        var options = EdgeManifest.CreateOptions(Module(ModuleId));
        var binds = options["HostConfig"]!["Binds"]!.AsArray().Select(b => b!.ToString());

        Assert.Contains("/etc/cloudstatus/secrets:/run/secrets/cloudstatus:ro", binds);
        // Callers are registered per device (docs/operations.md); a secret never travels in the manifest.
        Assert.DoesNotContain(Module(ModuleId)["env"]!.AsObject(), e => e.Key.Contains("ProducerPush", StringComparison.Ordinal));
    }

    [Fact]
    public void CloudStatusModule_PeerInterface_PortPublishedOnTheHostAndSiteKeyDirectoryMountedReadOnly()
    {
        var options = EdgeManifest.CreateOptions(Module(ModuleId));
        var env = Module(ModuleId)["env"]!.AsObject();
        var port = new Uri(new PeerLinkOptions().ListenUrl).Port;
        var (host, target) = ("/etc/cloudstatus/peers", "/run/secrets/cloudstatus-peers");

        // Peers dial the host's LAN address (Failover:LanAddress) on the interface's default port.
        Assert.Equal(5680, port);
        Assert.Contains($"{port}/tcp", options["ExposedPorts"]!.AsObject().Select(p => p.Key));
        Assert.Equal($"{port}", options["HostConfig"]!["PortBindings"]![$"{port}/tcp"]![0]!["HostPort"]!.ToString());

        // The directory, not the file: a rotated key written next to it (and the previous one) is seen without a restart.
        Assert.Contains($"{host}:{target}:ro", options["HostConfig"]!["Binds"]!.AsArray().Select(b => b!.ToString()));
        Assert.Equal($"{target}/site.key", env[$"{PeersSection}__{nameof(PeerLinkOptions.KeyFile)}"]!["value"]!.ToString());
        Assert.Equal($"{target}/site.previous.key", env[$"{PeersSection}__{nameof(PeerLinkOptions.PreviousKeyFile)}"]!["value"]!.ToString());
        Assert.DoesNotContain(env, e => e.Key.Contains("Peers", StringComparison.Ordinal) && !e.Value!["value"]!.ToString().StartsWith(target + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Azurite_TableService_KeepsItsDataOnANamedVolume()
    {
        var azurite = Module("azurite");
        var options = EdgeManifest.CreateOptions(azurite);
        var command = options["Cmd"]!.AsArray().Select(a => a!.ToString()).ToList();
        var mount = Assert.Single(options["HostConfig"]!["Mounts"]!.AsArray())!;

        Assert.StartsWith("mcr.microsoft.com/azure-storage/azurite:", azurite["settings"]!["image"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("azurite-table", command[0]);
        Assert.Equal(mount["Target"]!.ToString(), command[command.IndexOf("--location") + 1]);
        Assert.Equal("0.0.0.0", command[command.IndexOf("--tableHost") + 1]);
        Assert.Equal("volume", mount["Type"]!.ToString());
        Assert.Null(options["HostConfig"]!["PortBindings"]);
    }

    [Fact]
    public void OtelCollector_OptionalModule_ReceivesTheModulesOtlpExport()
    {
        var collector = Module("otel-collector");
        var command = EdgeManifest.CreateOptions(collector)["Cmd"]!.AsArray().Select(a => a!.ToString()).ToList();
        var endpoint = new Uri(Module(ModuleId)["env"]![TelemetrySettings.OtlpEndpoint]!["value"]!.ToString());

        Assert.StartsWith("otel/opentelemetry-collector:", collector["settings"]!["image"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(("http", "otel-collector", 4317), (endpoint.Scheme, endpoint.Host, endpoint.Port));
        // The exporter's default protocol is gRPC (4317); the collector listens on every interface of the module network.
        Assert.Contains("--config=yaml:receivers::otlp::protocols::grpc::endpoint: 0.0.0.0:4317", command);
        Assert.Null(EdgeManifest.CreateOptions(collector)["HostConfig"]);
        Assert.DoesNotContain(TelemetrySettings.OtlpProtocol, Module(ModuleId)["env"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Modules_Twins_ExistOnlyForDeployedModules()
    {
        var twins = EdgeManifest.Modules(_manifest).Select(p => p.Key).Where(k => !k.StartsWith('$'));

        Assert.All(twins, id => Assert.NotNull(Agent["modules"]![id]));
    }
}
