using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudStatus.Core.Wire;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Wiring;

/// <summary>IoT Hub routes exactly what the edge marks to the ingest event hub, by identity.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class IotHubRouteTests(CompiledInfraFixture infra)
{
    private ArmResource Hub => infra.Main.Single("Microsoft.Devices/IotHubs");

    private JsonNode Routing => Hub.Properties!["routing"]!;

    [Fact]
    public void Route_Condition_SelectsThePropertyAndSchemaTheEdgeSets()
    {
        var route = Assert.Single(Routing["routes"]!.AsArray());

        var condition = Hub.Resolve(route!["condition"]).Text;

        Assert.Equal($"{WireConstants.SchemaProperty} = '{WireConstants.SchemaV1}'", condition);
        Assert.Equal("DeviceMessages", route["source"]!.ToString());
        Assert.True(route["isEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Route_Endpoint_IsTheIngestEventHubByUserAssignedIdentity()
    {
        var route = Assert.Single(Routing["routes"]!.AsArray());
        var endpoint = Assert.Single(Routing["endpoints"]!["eventHubs"]!.AsArray());
        var ingestHub = infra.Main.Single("Microsoft.EventHub/namespaces/eventhubs");
        var ingestHubName = ingestHub.Resolve(ingestHub.Json["name"]).Expression;

        Assert.Equal(Hub.Resolve(endpoint!["name"]).Text, Hub.Resolve(Assert.Single(route!["endpointNames"]!.AsArray())).Text);
        Assert.Equal("identityBased", endpoint["authenticationType"]!.ToString());
        Assert.Equal("identities.iotHubIdentityId", Hub.Resolve(endpoint["identity"]!["userAssignedIdentity"]).Origin);
        Assert.StartsWith("format('sb://{0}.servicebus.windows.net'", Hub.Resolve(endpoint["endpointUri"]).Expression, StringComparison.Ordinal);
        Assert.Equal("cloudstatus-ingest", Hub.Resolve(endpoint["entityPath"]).Text);
        Assert.Contains("parameters('eventHubName')", ingestHubName, StringComparison.Ordinal);
        Assert.Equal("cloudstatus-ingest", ingestHub.Resolve(JsonValue.Create("[parameters('eventHubName')]")).Text);
    }

    [Fact]
    public void Hub_Identity_IsTheRoutingIdentityOnly()
    {
        var identities = Hub.Json["identity"]!["userAssignedIdentities"]!.AsObject();

        Assert.Equal("UserAssigned", Hub.Json["identity"]!["type"]!.ToString());
        var key = Assert.Single(identities).Key;

        // The key is format('{0}', parameters('routingIdentityId')): follow the parameter inside it.
        var parameter = Regex.Match(key, @"parameters\('(?<name>\w+)'\)").Groups["name"].Value;
        Assert.Equal("identities.iotHubIdentityId", Hub.Resolve(JsonValue.Create($"[parameters('{parameter}')]")).Origin);
    }

    [Fact]
    public void Fallback_Route_SendsEverythingElseToTheBuiltInEndpoint()
    {
        var fallback = Routing["fallbackRoute"]!;

        Assert.True(fallback["isEnabled"]!.GetValue<bool>());
        Assert.Equal("true", fallback["condition"]!.ToString());
        Assert.Equal("events", Assert.Single(fallback["endpointNames"]!.AsArray())!.ToString());
    }

    [Fact]
    public void Hub_LocalAuth_IsOffAndDeviceSasStaysOn()
    {
        Assert.True(Hub.Properties!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Null(Hub.Properties["disableDeviceSAS"]);
        Assert.Null(Hub.Properties["disableModuleSAS"]);
    }

    [Fact]
    public void Outputs_IotHub_NameTheHubAndItsHostName()
    {
        Assert.Equal("iotHub.iotHubName", infra.Main.Output("IOTHUB_NAME").Origin);
        Assert.Equal("iotHub.hostName", infra.Main.Output("IOTHUB_HOSTNAME").Origin);
        Assert.Equal($"{WireConstants.SchemaProperty} = '{WireConstants.SchemaV1}'", infra.Main.Output("IOTHUB_ROUTE_CONDITION").Text);
    }
}
