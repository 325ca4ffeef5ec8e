namespace CloudStatus.Functions.Hosting;

/// <summary>Which central store (section <c>CloudStatus:Central:Store</c>) and the embedded one's settings.</summary>
public sealed class CentralStoreOptions
{
    public const string SectionName = "CloudStatus:Central:Store";

    public const string KindKey = SectionName + ":Kind";

    /// <summary>Sqlite (embedded, the default) or Cosmos (section <c>CloudStatus:Central:Store:Cosmos</c>).</summary>
    public CentralStoreKind Kind { get; set; } = CentralStoreKind.Sqlite;

    /// <summary>Folder of the SQLite file (created if missing).</summary>
    public string DataDirectory { get; set; } = "data";

    public string FileName { get; set; } = "central.db";

    /// <summary>When set, a named in-memory shared-cache database instead of a file (tests, throwaway runs).</summary>
    public string? InMemoryName { get; set; }

    public string FilePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (InMemoryName is null)
        {
            if (string.IsNullOrWhiteSpace(DataDirectory))
            {
                errors.Add($"{SectionName}:DataDirectory must name a folder (or set InMemoryName).");
            }

            if (string.IsNullOrWhiteSpace(FileName) || FileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                errors.Add($"{SectionName}:FileName must be a plain file name (was '{FileName}').");
            }
        }
        else if (InMemoryName.Length == 0)
        {
            errors.Add($"{SectionName}:InMemoryName must not be empty when set.");
        }

        return errors;
    }
}

/// <summary>The adapters of the central store ports.</summary>
public enum CentralStoreKind
{
    Sqlite,
    Cosmos,
}
