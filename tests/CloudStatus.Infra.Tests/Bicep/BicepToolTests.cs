using System.Text.RegularExpressions;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Bicep;

/// <summary>The Bicep sources build and lint with no diagnostic at all (CI fails on any warning).</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class BicepToolTests(CompiledInfraFixture infra)
{
    private const string AllInfraFiles = "infra/**/*.bicep";

    [Fact]
    public void Build_Main_ReportsNothingAndTargetsTheSubscription()
    {
        Assert.Empty(infra.Build.Diagnostics);
        Assert.Equal(string.Empty, (infra.Build.StandardOutput + infra.Build.StandardError).Trim());
        Assert.Contains("subscriptionDeploymentTemplate", infra.Main.Root["$schema"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_EveryInfraFile_ReportsNothing()
    {
        Assert.Contains(RepoPaths.SourceFiles(RepoPaths.Infra, "*.bicep"), f => f.Contains($"{Path.DirectorySeparatorChar}modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        using var timeout = BicepCli.Timeout();

        var result = await BicepCli.RunAsync(["lint", "--pattern", AllInfraFiles], timeout.Token);

        Assert.True(result.ExitCode == 0, $"bicep lint exited {result.ExitCode}:\n{result.StandardError}");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(string.Empty, (result.StandardOutput + result.StandardError).Trim());
    }

    [Fact]
    public async Task Lint_FileWithAWarning_IsReported()
    {
        // The same call on a file with an unused parameter: proves a warning would not pass unnoticed.
        var folder = Directory.CreateTempSubdirectory("cloudstatus-bicep-lint-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "warn.bicep"), "param unused string = 'x'\n");
            using var timeout = BicepCli.Timeout();

            var result = await BicepCli.RunAsync(["lint", "--pattern", Path.Combine(folder.FullName, "*.bicep")], timeout.Token);

            Assert.Contains(result.Diagnostics, d => d.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Version_Cli_IsTheOneTheDepsScriptPins()
    {
        using var timeout = BicepCli.Timeout();
        var script = await File.ReadAllTextAsync(RepoPaths.InRoot("scripts", "deps", "20-bicep.sh"), timeout.Token);
        var pinned = Regex.Match(script, @"^version=(?<v>[0-9.]+)$", RegexOptions.Multiline).Groups["v"].Value;

        var result = await BicepCli.RunAsync(["--version"], timeout.Token);

        Assert.NotEqual(string.Empty, pinned);
        Assert.Contains($"version {pinned} ", result.StandardOutput, StringComparison.Ordinal);
    }
}
