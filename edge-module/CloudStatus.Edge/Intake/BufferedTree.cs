namespace CloudStatus.Edge.Intake;

/// <summary>Walks of the buffered hierarchy, for producers the heap does not hold yet.</summary>
internal static class BufferedTree
{
    /// <summary>Ids of the buffered producers under <paramref name="producerId"/>, at any depth.</summary>
    public static List<string> DescendantsOf(Dictionary<string, BufferedProducer> entries, string producerId)
    {
        var result = new List<string>();
        var frontier = new HashSet<string>(StringComparer.Ordinal) { producerId };
        bool grew;
        do
        {
            grew = false;
            foreach (var (id, entry) in entries)
            {
                if (entry.ParentId is not null && frontier.Contains(entry.ParentId) && frontier.Add(id))
                {
                    result.Add(id);
                    grew = true;
                }
            }
        }
        while (grew);

        return result;
    }
}
