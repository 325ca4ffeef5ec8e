using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Wiring;

/// <summary>
/// Each data-plane call the code makes is covered by a role of the identity that makes it, on the resource it
/// calls, and nothing broader: central reads Cosmos, receives from the ingest hub, invokes IoT Hub direct methods,
/// runs the Functions host on its storage and publishes telemetry; IoT Hub's routing identity only sends.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class RoleAssignmentTests(CompiledInfraFixture infra)
{
    private const string Central = "identities.centralPrincipalId";
    private const string IotHubRouting = "identities.iotHubPrincipalId";

    private const string EventHubsDataReceiver = "a638d3c7-ab3a-418d-83e6-5f17a39d4fde";
    private const string EventHubsDataSender = "2b629674-e913-4c01-ae53-ef4638d8f975";
    private const string IotHubDataContributor = "4fc6c259-987e-4a07-842e-c321cc9d413f";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";

    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";

    private IReadOnlyList<Grant> Grants => infra.Main.Grants();

    public static TheoryData<string, string, string> CentralNeeds() => new()
    {
        // The Event Hubs trigger of IngestStatus reads the ingest hub.
        { EventHubsDataReceiver, "Microsoft.EventHub/namespaces/eventhubs", "ingest trigger" },
        // Commands and resync requests: module direct methods through the IoT Hub service API.
        { IotHubDataContributor, "Microsoft.Devices/IotHubs", "direct methods" },
        // AzureWebJobsStorage by identity: blob leases and checkpoints, queues and tables of the host.
        { StorageBlobDataOwner, "Microsoft.Storage/storageAccounts", "host storage (blobs, deployment package)" },
        { StorageQueueDataContributor, "Microsoft.Storage/storageAccounts", "host storage (queues) and the dispatch queues (send, trigger)" },
        { StorageTableDataContributor, "Microsoft.Storage/storageAccounts", "host storage (tables)" },
        // Application Insights with local auth off.
        { MonitoringMetricsPublisher, "Microsoft.Insights/components", "telemetry" },
    };

    [Theory]
    [MemberData(nameof(CentralNeeds))]
    public void Central_DataPlaneCall_IsCoveredOnItsResource(string role, string resourceType, string call)
    {
        Assert.True(
            Grants.Any(g => g.Principal == Central && g.Roles.Contains(role) && !g.Conditional
                && g.Scope.Contains($"'{resourceType}'", StringComparison.Ordinal)),
            $"central needs role {role} on {resourceType} for {call}");
    }

    [Fact]
    public void Central_Cosmos_IsDataContributorOnTheDatabaseOnly()
    {
        var grant = Assert.Single(Grants, g => g.Principal == Central && g.Roles.Contains(CosmosDataContributor));

        Assert.Contains("/dbs/", grant.Scope, StringComparison.Ordinal);
        Assert.Contains("parameters('databaseName')", grant.Scope, StringComparison.Ordinal);
        Assert.False(grant.Conditional);
    }

    [Fact]
    public void IotHubRouting_Identity_OnlySendsToTheIngestHub()
    {
        var grant = Assert.Single(Grants, g => g.Principal == IotHubRouting);

        Assert.Equal([EventHubsDataSender], grant.Roles);
        Assert.Contains("'Microsoft.EventHub/namespaces/eventhubs'", grant.Scope, StringComparison.Ordinal);
    }

    [Fact]
    public void Central_Identity_CannotSendIntoIngest()
    {
        Assert.DoesNotContain(Grants, g => g.Principal == Central && g.Roles.Contains(EventHubsDataSender));
    }

    [Fact]
    public void Grants_NoneIsOwnerOrContributor()
    {
        Assert.DoesNotContain(Grants, g => g.Roles.Contains(Owner) || g.Roles.Contains(Contributor));
    }

    [Fact]
    public void Grants_ToIdentities_AreServicePrincipalsAndOperatorGrantsAreOptional()
    {
        var rbac = Grants.Where(g => g.PrincipalType is not null).ToList();

        Assert.All(rbac.Where(g => g.Principal.StartsWith("identities.", StringComparison.Ordinal)), g => Assert.Equal("ServicePrincipal", g.PrincipalType));
        Assert.All(Grants.Where(g => g.Principal == "main.parameters.principalId"), g => Assert.True(g.Conditional));
        Assert.All(Grants, g => Assert.NotEqual("?", g.Principal));
    }

    [Fact]
    public void Grants_EveryAssignment_NamesItsRoles()
    {
        Assert.All(Grants, g => Assert.NotEmpty(g.Roles));
        Assert.Equal(3, Grants.Single(g => g.Scope.Contains("'Microsoft.Storage/storageAccounts'", StringComparison.Ordinal)).Roles.Count);
    }
}
