using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>
/// The tenant a producer record belongs to (ADR 0101): a supervised process belongs to the tenant of its tenant group,
/// which the edge writes in its <c>state.tenant</c>; every other producer belongs to its server's tenant.
/// </summary>
public static class ProducerTenancy
{
    /// <summary>
    /// <paramref name="record"/>'s tenant: a process's <c>state.tenant</c> when it is a valid id, else the tenant its
    /// stored copy had (a tombstone carries no state), else the server's.
    /// </summary>
    public static string TenantOf(StatusRecord record, string? previousTenant, string serverTenant)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(record.Kind, ProducerKind.Process, StringComparison.Ordinal))
        {
            return serverTenant;
        }

        return DeclaredTenant(record.State) ?? previousTenant ?? serverTenant;
    }

    private static string? DeclaredTenant(string? state)
    {
        if (state is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(state);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("tenant", out var tenant)
                   && tenant.ValueKind == JsonValueKind.String
                   && ProducerId.IsValid(tenant.GetString())
                ? tenant.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
