using System.Text.Json.Nodes;

namespace CloudStatus.Edge.Transport;

/// <summary>Patches the module twin's reported properties.</summary>
internal interface IReportedPropertiesWriter
{
    /// <summary>
    /// Sends <paramref name="patch"/> (JSON merge patch: null removes a property) and completes when the hub accepted
    /// it, with the reported properties' new <c>$version</c>. Throws <see cref="TransportUnavailableException"/> when not
    /// connected, refused or unanswered.
    /// </summary>
    Task<long> UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken = default);
}
