namespace CloudStatus.Functions.Tests.Packaging;

/// <summary>Paths in the repository the tests run from (found by walking up to CloudStatus.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string FunctionsProject => Path.Combine(Root, "functions", "CloudStatus.Functions");

    public static string HostJson => Path.Combine(Root, "host.json");

    public static string FunctionApp => Path.Combine(FunctionsProject, "FunctionApp");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudStatus.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CloudStatus.sln not found above " + AppContext.BaseDirectory);
    }
}
