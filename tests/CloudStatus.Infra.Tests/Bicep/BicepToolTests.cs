using System.Text.RegularExpressions;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Bicep;

/// <summary>The Bicep sources build and lint with no diagnostic at all (CI fails on any warning).</summary>
public sealed class BicepToolTests
{
    public static TheoryData<string> BicepFiles() => new(RelativeBicepFiles());

    private static IReadOnlyList<string> RelativeBicepFiles() =>
        [.. RepoPaths.SourceFiles(RepoPaths.Infra, "*.bicep").Select(file => Path.GetRelativePath(RepoPaths.Root, file))];

    [Fact]
    public void BicepFiles_Infra_IncludeMainAndModules()
    {
        var files = RelativeBicepFiles();

        Assert.Contains(Path.Combine("infra", "main.bicep"), files);
        Assert.Contains(files, f => f.StartsWith(Path.Combine("infra", "modules") + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_EveryBicepFile_ReportsNothing(string relativePath)
    {
        using var timeout = BicepCli.Timeout();

        var result = await BicepCli.RunAsync(["lint", relativePath], timeout.Token);

        Assert.True(result.ExitCode == 0, $"bicep lint {relativePath} exited {result.ExitCode}:\n{result.StandardError}");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(string.Empty, (result.StandardOutput + result.StandardError).Trim());
    }

    [Fact]
    public async Task Build_Main_ReportsNothingAndWritesArmJson()
    {
        using var timeout = BicepCli.Timeout();

        var result = await BicepCli.RunAsync(["build", Path.Combine("infra", "main.bicep"), "--stdout"], timeout.Token);

        Assert.True(result.ExitCode == 0, $"bicep build exited {result.ExitCode}:\n{result.StandardError}");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(string.Empty, result.StandardError.Trim());
        var template = ArmTemplate.Parse(result.StandardOutput);
        Assert.Contains("subscriptionDeploymentTemplate", template.Root["$schema"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PinnedCli_IsTheOneTheDepsScriptInstalls()
    {
        using var timeout = BicepCli.Timeout();
        var script = await File.ReadAllTextAsync(RepoPaths.InRoot("scripts", "deps", "20-bicep.sh"), timeout.Token);
        var pinned = Regex.Match(script, @"^version=(?<v>[0-9.]+)$", RegexOptions.Multiline).Groups["v"].Value;

        var result = await BicepCli.RunAsync(["--version"], timeout.Token);

        Assert.False(string.IsNullOrEmpty(pinned));
        Assert.Contains($"version {pinned} ", result.StandardOutput, StringComparison.Ordinal);
    }
}
