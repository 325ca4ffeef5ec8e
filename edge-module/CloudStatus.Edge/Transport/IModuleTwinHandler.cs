using System.Text.Json.Nodes;

namespace CloudStatus.Edge.Transport;

/// <summary>Receives the module twin's desired properties from the transport.</summary>
internal interface IModuleTwinHandler
{
    /// <summary>
    /// Called one update at a time, in arrival order: the complete desired properties after every (re)connect
    /// (<see cref="DesiredPropertiesUpdate.IsComplete"/>), then each desired patch while connected. Exceptions are
    /// logged by the caller and do not stop later updates.
    /// </summary>
    Task OnDesiredPropertiesAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken);
}

/// <param name="Properties">The desired properties (complete) or the patch (JSON merge patch: null removes), without <c>$version</c>.</param>
/// <param name="Version">The desired properties' <c>$version</c> after this update.</param>
/// <param name="IsComplete">True for the full twin's desired properties, false for a patch.</param>
internal sealed record DesiredPropertiesUpdate(JsonObject Properties, long Version, bool IsComplete);
