using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The layout of database <c>cloudstatus</c> (docs/adr/0015): one container per kind of document, each partitioned so
/// that every hot query stays in one logical partition, each indexing only the paths its queries filter or sort on.
/// (<c>id</c> is always indexed; the partition key path is indexed too, every query names it.) Bicep creates the same.
/// </summary>
internal static class CosmosContainers
{
    public const string Servers = "servers";
    public const string Producers = "producers";
    public const string Events = "events";
    public const string Commands = "commands";
    public const string Lookups = "lookups";
    public const string Views = "views";
    public const string DeadLetters = "deadletters";
    public const string Addresses = "addresses";
    public const string Leases = "leases";

    /// <summary>Every container: name, partition key path, and the paths it indexes (all others excluded).</summary>
    public static IReadOnlyList<ContainerProperties> All { get; } =
    [
        Define(Servers, "/tenantId", ["/siteId/?", "/online/?"]),
        Define(Producers, "/serverId", ["/deleted/?", "/t/?", "/kind/?", "/parentId/?", "/health/?", "/stale/?", "/flapping/?", "/tenantId/?"]),
        Define(Events, "/bucket", ["/t/?", "/types/[]/?", "/servers/[]/?", "/ids/[]/?", "/type/?", "/serverId/?"], [("/t", "/id")], bothWays: true),
        Define(Commands, "/id"),
        Define(Lookups, "/id"),
        Define(Views, "/tenantId"),
        Define(DeadLetters, "/day", ["/t/?"], [("/t", "/id")]),
        Define(Addresses, "/tenantId"),
        Define(Leases, "/tenantId"),
    ];

    private static ContainerProperties Define(
        string name, string partitionKeyPath, string[]? indexed = null, (string First, string Second)[]? newestFirst = null, bool bothWays = false)
    {
        var properties = new ContainerProperties(name, partitionKeyPath);
        var policy = properties.IndexingPolicy;
        policy.IndexingMode = IndexingMode.Consistent;
        policy.Automatic = true;
        policy.IncludedPaths.Clear();
        policy.ExcludedPaths.Clear();
        if (partitionKeyPath != "/id")
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = partitionKeyPath + "/?" });
        }

        foreach (var path in indexed ?? [])
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = path });
        }

        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        foreach (var (first, second) in newestFirst ?? [])
        {
            // ORDER BY first DESC, second DESC (newest first, keyset paging) needs its composite index.
            policy.CompositeIndexes.Add(new Collection<CompositePath>
            {
                new() { Path = first, Order = CompositePathSortOrder.Descending },
                new() { Path = second, Order = CompositePathSortOrder.Descending },
            });
            if (bothWays)
            {
                // Cosmos DB serves the exact reverse from the same index, but the Cosmos DB API server used in tests
                // does not; the ascending twin costs little and keeps oldest-first pages working on both.
                policy.CompositeIndexes.Add(new Collection<CompositePath>
                {
                    new() { Path = first, Order = CompositePathSortOrder.Ascending },
                    new() { Path = second, Order = CompositePathSortOrder.Ascending },
                });
            }
        }

        return properties;
    }
}
