using System.Text.Json.Serialization;
using CloudStatus.Core.Addresses;

namespace CloudStatus.Functions.Storage;

/// <summary>How both adapters keep the address journal, master and conflicts (camelCase JSON).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AddressClaim))]
[JsonSerializable(typeof(AddressBinding))]
[JsonSerializable(typeof(AddressConflict))]
[JsonSerializable(typeof(AddressDocument))]
[JsonSerializable(typeof(AddressCommit))]
internal sealed partial class AddressJsonContext : JsonSerializerContext;

/// <summary>
/// One document of the Cosmos <c>addresses</c> container (partition <c>/tenantId</c>): the tenant's <c>ledger</c>
/// (whose ETag is the master's version, and which holds a commit until it is written), a <c>journal|</c> item, a <c>binding|</c> entry or a <c>conflict|</c>.
/// </summary>
internal sealed record AddressDocument
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }

    /// <summary>19-digit UTC ticks (ledger: last commit; journal: enqueued; conflict: detected).</summary>
    public required string T { get; init; }

    /// <summary>The ledger's commit count; on other documents, the commit that wrote them (an older commit never overwrites).</summary>
    public long Seq { get; init; }

    /// <summary>On the ledger: the commit taken but not yet fully written (rolled forward by the next reader).</summary>
    public AddressCommit? Pending { get; init; }

    public AddressClaim? Claim { get; init; }
    public AddressBinding? Binding { get; init; }
    public AddressConflict? Conflict { get; init; }
}
