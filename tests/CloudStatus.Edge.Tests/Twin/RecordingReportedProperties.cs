using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Tests.Twin;

/// <summary>Records reported patches where a handler is tested alone (the MQTT path has its own tests against the scripted edgeHub).</summary>
internal sealed class RecordingReportedProperties : IReportedPropertiesWriter
{
    public ConcurrentQueue<JsonObject> Patches { get; } = new();

    public Task<long> UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken = default)
    {
        Patches.Enqueue(patch);
        return Task.FromResult((long)Patches.Count);
    }
}
