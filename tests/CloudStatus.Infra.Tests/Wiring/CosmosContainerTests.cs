using System.Text.Json.Nodes;
using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Wiring;

/// <summary>The Cosmos database, containers and partition keys are the shared contract; indexing stays narrow.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class CosmosContainerTests(CompiledInfraFixture infra)
{
    /// <summary>The store contract every Cosmos adapter relies on (docs/adr/0013).</summary>
    private static readonly (string Name, string PartitionKey)[] Contract =
    [
        ("servers", "/tenantId"),
        ("producers", "/serverId"),
        ("events", "/bucket"),
        ("commands", "/id"),
        ("lookups", "/id"),
        ("views", "/tenantId"),
        ("deadletters", "/day"),
        ("addresses", "/tenantId"),
        ("leases", "/tenantId"),
    ];

    private ArmResource Container => infra.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

    private IReadOnlyList<JsonObject> Definitions =>
        [.. Container.Owner.Resolve(JsonValue.Create("[variables('containers')]")).Literal!.AsArray().Select(c => c!.AsObject())];

    private JsonObject Definition(string name) => Definitions.Single(c => c["name"]!.ToString() == name);

    [Fact]
    public void Containers_NamesAndPartitionKeys_EqualTheContract()
    {
        var actual = Definitions.Select(c => (c["name"]!.ToString(), c["partitionKey"]!.ToString())).ToArray();

        Assert.Equal(Contract, actual);
    }

    [Fact]
    public void Containers_Resource_IsOnePerDefinitionWithItsPartitionKey()
    {
        var resource = Container.Properties!["resource"]!.ToString();

        Assert.Equal("[length(variables('containers'))]", Container.Json["copy"]!["count"]!.ToString());
        Assert.Contains("createArray(variables('containers')[copyIndex()].partitionKey)", resource, StringComparison.Ordinal);
        Assert.Contains("'id', variables('containers')[copyIndex()].name", resource, StringComparison.Ordinal);
        Assert.Contains("'kind', 'Hash'", resource, StringComparison.Ordinal);
        Assert.Contains("'indexingPolicy'", resource, StringComparison.Ordinal);
        Assert.Contains("variables('excludeEverythingElse')", resource, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexing_EveryContainer_ExcludesEverythingItDoesNotQuery()
    {
        var excluded = Container.Owner.Resolve(JsonValue.Create("[variables('excludeEverythingElse')]")).Literal!.AsArray()
            .Select(p => p!["path"]!.ToString()).ToList();

        Assert.Contains("/*", excluded);
        Assert.All(Definitions, c => Assert.DoesNotContain(
            c["includedPaths"]!.AsArray().Select(p => p!.ToString()),
            path => path == "/*" || path.StartsWith("/state", StringComparison.Ordinal) || path.StartsWith("/config", StringComparison.Ordinal)));
    }

    [Fact]
    public void Indexing_EveryContainer_IndexesExactlyWhatTheStoreDefines()
    {
        foreach (var expected in CosmosContainers.All)
        {
            var definition = Definition(expected.Id);
            var included = definition["includedPaths"]!.AsArray().Select(p => p!.ToString());
            var composites = definition["compositeIndexes"]!.AsArray()
                .Select(c => string.Join(",", c!.AsArray().Select(p => $"{p!["path"]} {p["order"]}")));

            Assert.Equal(expected.PartitionKeyPath, definition["partitionKey"]!.ToString());
            Assert.Equal(expected.IndexingPolicy.IncludedPaths.Select(p => p.Path).Order(), included.Order());
            Assert.Equal(
                expected.IndexingPolicy.CompositeIndexes.Select(c => string.Join(",", c.Select(p => $"{p.Path} {p.Order.ToString().ToLowerInvariant()}"))),
                composites);
        }
    }

    [Fact]
    public void Indexing_PointReadContainers_IndexNothing()
    {
        Assert.Empty(Definition("lookups")["includedPaths"]!.AsArray());
    }

    [Fact]
    public void Account_LocalAuth_IsOffAndServerlessIsTheDefault()
    {
        var account = infra.Main.Single("Microsoft.DocumentDB/databaseAccounts");
        var capacityMode = infra.Main.Resolve(JsonValue.Create("[parameters('cosmosCapacityMode')]"));

        Assert.True(account.Properties!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(account.Properties["disableKeyBasedMetadataWriteAccess"]!.GetValue<bool>());
        Assert.Equal("serverless", capacityMode.Text);
        Assert.Contains("EnableServerless", account.Properties["capabilities"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Database_Throughput_IsSetOnlyOutsideServerless()
    {
        var database = infra.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        var options = database.Properties!["options"]!.ToString();

        Assert.Contains("equals(parameters('capacityMode'), 'autoscale'), createObject('autoscaleSettings'", options, StringComparison.Ordinal);
        Assert.Contains("equals(parameters('capacityMode'), 'manual'), createObject('throughput'", options, StringComparison.Ordinal);
        Assert.EndsWith("createObject()))]", options, StringComparison.Ordinal);
    }
}
