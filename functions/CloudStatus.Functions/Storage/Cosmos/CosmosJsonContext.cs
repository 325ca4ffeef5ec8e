using System.Text.Json.Serialization;
using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>The Cosmos-only documents (index entries, per-server connectivity, dead letters), in the store's camelCase JSON.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(ServerLookup))]
[JsonSerializable(typeof(ProducerLookup))]
[JsonSerializable(typeof(NameList))]
[JsonSerializable(typeof(ConnectivityDocument))]
[JsonSerializable(typeof(int))] // query parameters go through the client's serializer
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class CosmosJsonContext : JsonSerializerContext;

/// <summary><c>lookups</c> entry <c>server|{serverId}</c>: the tenant (partition) a server's row lives in.</summary>
internal sealed record ServerLookup(string ServerId, string TenantId);

/// <summary><c>lookups</c> entry <c>producer|{producerId}</c>: every server holding a record with that id.</summary>
internal sealed record ProducerLookup(string ProducerId, IReadOnlyList<ProducerLocation> Servers);

/// <summary>Where a producer id is held, live or as a tombstone, since when (central time, 19-digit ticks).</summary>
internal sealed record ProducerLocation(string ServerId, bool Deleted, string Since);

/// <summary><c>lookups</c> entries that list names: the tenants with servers, the days with dead letters.</summary>
internal sealed record NameList(IReadOnlyList<string> Names);

/// <summary><c>views</c> document <c>connectivity|{serverId}</c>: the latest entry of each of the server's switches.</summary>
internal sealed record ConnectivityDocument(string TenantId, string ServerId, IReadOnlyList<ConnectivityEntry> Entries);
