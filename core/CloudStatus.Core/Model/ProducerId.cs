namespace CloudStatus.Core.Model;

/// <summary>
/// Producer ids are the primary key shared by the edge heap and the central store. They are
/// opaque, case-sensitive strings of 1–128 characters from [A-Za-z0-9._:-], so they are safe
/// in URLs, Cosmos DB ids, Table storage row keys and MQTT property bags without escaping.
/// </summary>
public static class ProducerId
{
    public const int MaxLength = 128;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Builds the id of a child from its parent's id and a local name, e.g. <c>srv-01.sw-03</c>.</summary>
    public static string Child(string parentId, string localName) => string.Concat(parentId, ".", localName);
}
