using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Edge;

/// <summary>The module image: multi-stage, small non-root runtime, only the edge project; module.json points at it.</summary>
public sealed partial class EdgeImageTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepoPaths.EdgeModule, "Dockerfile"));

    private static readonly JsonObject ModuleJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.EdgeModule, "module.json")))!.AsObject();

    private static IReadOnlyList<string> Stages => [.. From().Matches(Dockerfile).Select(m => m.Groups["image"].Value)];

    private static string FinalStage => Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

    [Fact]
    public void Dockerfile_Stages_BuildWithTheSdkAndRunOnTheAspNetRuntime()
    {
        Assert.Equal(2, Stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", Stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Stages[1], StringComparison.Ordinal);
        Assert.Contains("chiseled", Stages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Runtime_RunsAsTheNonRootAppUser()
    {
        Assert.Matches(@"\nUSER app\n", FinalStage);
        Assert.Contains("ENTRYPOINT [\"./CloudStatus.Edge\"]", FinalStage, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Sources_AreTheEdgeProjectCoreAndHostingOnly()
    {
        var copied = Dockerfile.Split('\n')
            .Where(line => line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from", StringComparison.Ordinal))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(copied);
        Assert.All(copied, source => Assert.Matches(@"^(global\.json|Directory\.(Build|Packages)\.props|core/CloudStatus\.Core/|hosting/CloudStatus\.Hosting/|edge-module/CloudStatus\.Edge/)", source));
        Assert.Contains("edge-module/CloudStatus.Edge/CloudStatus.Edge.csproj", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("dotnet publish edge-module/CloudStatus.Edge/CloudStatus.Edge.csproj", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_ReferencedProjects_AreAllCopied()
    {
        var edgeProject = File.ReadAllText(Path.Combine(RepoPaths.EdgeModule, "CloudStatus.Edge", "CloudStatus.Edge.csproj"));
        var references = ProjectReference().Matches(edgeProject).Select(m => m.Groups["path"].Value.Replace('\\', '/')).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            var folder = Path.GetDirectoryName(Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(Path.Combine(RepoPaths.EdgeModule, "CloudStatus.Edge", reference))))!;
            Assert.Contains($"COPY {folder}/ {folder}/", Dockerfile, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ModuleJson_Platforms_PointAtDockerfilesThatExist()
    {
        var image = ModuleJson["image"]!;
        var platforms = image["tag"]!["platforms"]!.AsObject();

        Assert.Equal(["amd64", "arm64v8"], platforms.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(platforms, p => Assert.True(File.Exists(Path.Combine(RepoPaths.EdgeModule, p.Value!.ToString()))));
        Assert.Equal(RepoPaths.Root.TrimEnd('/'), Path.GetFullPath(Path.Combine(RepoPaths.EdgeModule, image["contextPath"]!.ToString())).TrimEnd('/'));
        Assert.Matches(@"^\d+\.\d+\.\d+$", image["tag"]!["version"]!.ToString());
        Assert.Equal("${CONTAINER_REGISTRY_ADDRESS}/cloudstatus-edge", image["repository"]!.ToString());
    }

    [Fact]
    public void DockerIgnore_Context_LeavesOutBuildOutputAndTools()
    {
        var ignore = File.ReadAllLines(Path.Combine(RepoPaths.EdgeModule, "Dockerfile.dockerignore"));

        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.Contains(".tools/", ignore);
    }

    [GeneratedRegex(@"^FROM (--platform=\S+ )?(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex("<ProjectReference Include=\"(?<path>[^\"]+)\"")]
    private static partial Regex ProjectReference();
}
