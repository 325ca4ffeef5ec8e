using System.Text.Json.Nodes;

namespace CloudStatus.Edge.Twin;

/// <summary>
/// JSON merge patch (RFC 7396), the semantics of twin patches: a member set to null is removed, an object merges into
/// an object member-wise, anything else replaces.
/// </summary>
internal static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> in place (the patch is not changed).</summary>
    public static void Apply(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child && target[name] is JsonObject existing)
            {
                Apply(existing, child);
            }
            else if (value is JsonObject newChild)
            {
                var fresh = new JsonObject();
                Apply(fresh, newChild);
                target[name] = fresh;
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
