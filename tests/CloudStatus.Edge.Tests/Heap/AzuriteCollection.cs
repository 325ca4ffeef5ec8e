using CloudStatus.Testing.Emulators;

namespace CloudStatus.Edge.Tests.Heap;

/// <summary>One Azurite Table service (npm azurite) for every test class of the collection; each test uses its own table or partition.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteTableServer>
{
    public const string Name = "Azurite Table service";
}
