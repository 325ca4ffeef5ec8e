using System.Text.Json.Nodes;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// One module twin as IoT Hub keeps it: desired and reported property sets, each with its own <c>$version</c>
/// (starting at 1), changed by JSON merge patches (a null removes a property). Kept by the hub across reconnects.
/// </summary>
internal sealed class DevHubTwin
{
    private const string VersionProperty = "$version";

    private readonly Lock _lock = new();
    private readonly JsonObject _desired = [];
    private readonly JsonObject _reported = [];
    private long _desiredVersion = 1;
    private long _reportedVersion = 1;

    /// <summary>The full twin: <c>{"desired":{…,"$version":n},"reported":{…,"$version":m}}</c>.</summary>
    public JsonObject Document()
    {
        lock (_lock)
        {
            return new JsonObject
            {
                ["desired"] = WithVersion(_desired, _desiredVersion),
                ["reported"] = WithVersion(_reported, _reportedVersion),
            };
        }
    }

    /// <summary>Merges a reported patch and returns the new reported version.</summary>
    public long PatchReported(JsonObject patch)
    {
        lock (_lock)
        {
            Merge(_reported, patch);
            return ++_reportedVersion;
        }
    }

    /// <summary>Merges a desired patch; returns the new desired version and the patch as pushed to the module.</summary>
    public (long Version, JsonObject Pushed) PatchDesired(JsonObject patch)
    {
        lock (_lock)
        {
            Merge(_desired, patch);
            var version = ++_desiredVersion;
            return (version, WithVersion(patch, version));
        }
    }

    private static JsonObject WithVersion(JsonObject properties, long version)
    {
        var copy = (JsonObject)properties.DeepClone();
        copy[VersionProperty] = version;
        return copy;
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith('$'))
            {
                continue; // Metadata ($version, $metadata) is the hub's, never the writer's.
            }

            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child)
            {
                if (target[name] is not JsonObject existing)
                {
                    existing = [];
                    target[name] = existing;
                }

                Merge(existing, child);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
