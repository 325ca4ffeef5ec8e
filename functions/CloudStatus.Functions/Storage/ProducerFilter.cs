using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Model;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// Which of a server's producer records a listing returns: every set property must match (null = any). Stores apply it
/// in their query, inside the server's partition, so a page holds up to its limit of matching records.
/// </summary>
public sealed record ProducerFilter
{
    public static readonly ProducerFilter None = new();

    public string? Kind { get; init; }
    public string? ParentId { get; init; }
    public Health? Health { get; init; }
    public bool? Stale { get; init; }
    public bool? Flapping { get; init; }

    /// <summary>
    /// The record's tenant is one of these (null = any): a tenant's token sees only its own producers on a server shared
    /// with other tenants (a supervised process belongs to its tenant group's tenant, ADR 0101).
    /// </summary>
    public IReadOnlyCollection<string>? Tenants { get; init; }

    /// <summary>True: tombstones only; false: live records only; null: both.</summary>
    public bool? Deleted { get; init; }

    /// <summary>The record's producer id is one of these (null = any): e.g. the newcomers of open address conflicts.</summary>
    public IReadOnlyCollection<string>? ProducerIds { get; init; }

    /// <summary>The record's producer id is none of these (null = no exclusion).</summary>
    public IReadOnlyCollection<string>? ExceptProducerIds { get; init; }

    /// <summary><see cref="Health"/> as stored documents spell it (e.g. <c>online</c>), or null.</summary>
    public string? StoredHealth => Health is { } health ? JsonSerializer.Serialize(health, StoreJsonContext.Default.Health).Trim('"') : null;

    /// <summary>The same rule in memory (for adapters' callers and tests that need to predict a query's answer).</summary>
    public bool Matches(ProducerState producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        return (Kind is null || string.Equals(producer.Kind, Kind, StringComparison.Ordinal))
            && (ParentId is null || string.Equals(producer.ParentId, ParentId, StringComparison.Ordinal))
            && (Health is null || producer.Health == Health)
            && (Stale is null || producer.Stale == Stale)
            && (Flapping is null || producer.Flapping == Flapping)
            && (Deleted is null || producer.Deleted == Deleted)
            && (Tenants is null || Tenants.Contains(producer.TenantId, StringComparer.Ordinal))
            && (ProducerIds is null || ProducerIds.Contains(producer.ProducerId, StringComparer.Ordinal))
            && (ExceptProducerIds is null || !ExceptProducerIds.Contains(producer.ProducerId, StringComparer.Ordinal));
    }
}
