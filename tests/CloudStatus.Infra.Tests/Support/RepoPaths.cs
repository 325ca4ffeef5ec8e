namespace CloudStatus.Infra.Tests.Support;

/// <summary>Paths in the repository the tests read (found from the test binaries upward, by CloudStatus.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string EdgeModule => Path.Combine(Root, "edge-module");

    public static string Functions => Path.Combine(Root, "functions");

    public static string Docs => Path.Combine(Root, "docs");

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Files under <paramref name="folder"/> named <paramref name="pattern"/>, build output excluded.</summary>
    public static IReadOnlyList<string> SourceFiles(string folder, string pattern) =>
        [.. Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudStatus.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CloudStatus.sln above {AppContext.BaseDirectory}.");
    }
}
