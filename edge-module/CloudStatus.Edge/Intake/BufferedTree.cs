namespace CloudStatus.Edge.Intake;

/// <summary>Walks of the buffered hierarchy, for producers the heap does not hold yet.</summary>
internal static class BufferedTree
{
    /// <summary>Ids of the buffered producers under <paramref name="producerId"/>, at any depth.</summary>
    public static List<string> DescendantsOf(BufferedProducers entries, string producerId)
    {
        var result = new List<string>();
        var frontier = new HashSet<string>(StringComparer.Ordinal) { producerId };
        var slots = entries.Slots();
        var taken = new HashSet<int>();
        bool grew;
        do
        {
            grew = false;
            foreach (var slot in slots)
            {
                var parentId = entries.At(slot).ParentId;
                if (parentId is not null && !taken.Contains(slot) && frontier.Contains(parentId))
                {
                    var id = entries.IdOf(slot);
                    if (frontier.Add(id))
                    {
                        result.Add(id);
                        grew = true;
                    }

                    taken.Add(slot);
                }
            }
        }
        while (grew);

        return result;
    }
}
