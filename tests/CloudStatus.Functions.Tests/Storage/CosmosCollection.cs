using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>One Cosmos DB API server (npm @vercel/cosmosdb-server) for every test class of the collection; each test uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosDbServer>
{
    public const string Name = "Cosmos DB API server";
}
