namespace CloudStatus.Core.Hierarchy;

/// <summary>
/// The producers a delete removes (E8): deleting a producer deletes its whole subtree (a switch takes its
/// devices, a device its ports), so no orphan is left reporting under a parent that no longer exists.
/// </summary>
public static class CascadeDelete
{
    /// <summary>
    /// Returns <paramref name="rootId"/> first, then every descendant breadth-first (children in the order
    /// <paramref name="childrenOf"/> yields them), each id exactly once. Safe against cycles and shared
    /// children in a corrupt hierarchy: an id already collected is never visited again. A null result from
    /// <paramref name="childrenOf"/> means no children.
    /// </summary>
    public static IReadOnlyList<string> Collect(string rootId, Func<string, IEnumerable<string>> childrenOf)
    {
        ArgumentNullException.ThrowIfNull(rootId);
        ArgumentNullException.ThrowIfNull(childrenOf);

        var result = new List<string> { rootId };
        var seen = new HashSet<string>(StringComparer.Ordinal) { rootId };

        // The result list doubles as the breadth-first queue: everything after index `next` is still to visit.
        for (var next = 0; next < result.Count; next++)
        {
            var children = childrenOf(result[next]);
            if (children is null)
            {
                continue;
            }

            foreach (var child in children)
            {
                if (child is not null && seen.Add(child))
                {
                    result.Add(child);
                }
            }
        }

        return result;
    }
}
