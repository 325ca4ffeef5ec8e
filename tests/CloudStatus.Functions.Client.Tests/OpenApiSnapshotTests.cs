using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Functions.Tests.Support;

namespace CloudStatus.Functions.Client.Tests;

/// <summary>The client is generated from openapi/v1.json at build time; it must be the document the app serves (servers aside).</summary>
public sealed class OpenApiSnapshotTests
{
    [Fact]
    public async Task Snapshot_EqualsTheServedDocument()
    {
        await using var host = await ApiHost.StartAsync();
        var served = JsonNode.Parse(await host.Anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!.AsObject();
        served.Remove("servers");
        var path = Path.Combine(ProjectDirectory(), "openapi", "v1.json");
        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(path));

        if (Environment.GetEnvironmentVariable("CLOUDSTATUS_UPDATE_OPENAPI_SNAPSHOT") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(
            JsonNode.DeepEquals(served, snapshot),
            $"{path} differs from /openapi/v1.json: rerun this test with CLOUDSTATUS_UPDATE_OPENAPI_SNAPSHOT=1 to refresh it, then rebuild.");
    }

    private static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudStatus.Functions.Client.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CloudStatus.Functions.Client.Tests.csproj not found above " + AppContext.BaseDirectory);
    }
}
