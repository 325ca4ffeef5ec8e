namespace CloudStatus.Functions.Tests.Packaging;

/// <summary>The Function App's sources in the repository (fast; the published package is checked by FunctionAppPublishTests).</summary>
public sealed class FunctionAppSourceTests
{
    [Fact]
    public void HostJson_AtTheRepoRoot_DeclaresTheCustomHandlerAndTheBundle()
    {
        FunctionAppLayout.AssertHostJson(FunctionAppLayout.Read(RepoPaths.HostJson));
    }

    [Fact]
    public void FunctionFolders_FollowTheSharedContract()
    {
        FunctionAppLayout.AssertFunctionFolders(RepoPaths.FunctionApp);
        Assert.Equal(
            FunctionAppLayout.Functions.Order(StringComparer.Ordinal),
            Directory.GetDirectories(RepoPaths.FunctionApp).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ApiFunction_ForwardsThePathsTheAppServes()
    {
        Assert.Equal("/api/v1/{*path}", FunctionAppLayout.ApiRoute(FunctionAppLayout.Read(RepoPaths.HostJson), RepoPaths.FunctionApp));
    }
}
