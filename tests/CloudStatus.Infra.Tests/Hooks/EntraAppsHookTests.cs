using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudStatus.Functions.Auth;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Hooks;

/// <summary>
/// infra/hooks/entra-apps.sh, the azd hook that makes the app registrations for sign-in (docs/adr/0090). Microsoft
/// Graph cannot run here, so `az` and `azd` are stand-ins on the PATH (the one place these tests use fakes): they
/// answer like an empty directory and record every request body, and the tests check what the hook would write —
/// valid JSON, the app roles the API authorizes on, v2.0 tokens, the tenant claim the Bicep setting names, the
/// dashboard's redirect URI, the deployer's role assignment.
/// </summary>
public sealed class EntraAppsHookTests : IDisposable
{
    private const string ApiId = "11111111-2222-3333-4444-555555555555";
    private const string SpaId = "66666666-7777-8888-9999-000000000000";
    private const string User = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cloudstatus-hook-" + Guid.NewGuid().ToString("N"));

    public EntraAppsHookTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "bin"));
        Directory.CreateDirectory(Path.Combine(_dir, "log"));
        Fake("az", $$"""
            n=$(ls "$LOG" | wc -l)
            echo "az $*" > "$LOG/$(printf %03d "$n").call"
            prev=""
            for a in "$@"; do
              if [ "$prev" = --body ]; then
                case "$a" in @*) cp "${a#@}" "$LOG/$(printf %03d "$n").body" ;; *) printf '%s' "$a" > "$LOG/$(printf %03d "$n").body" ;; esac
              fi
              prev=$a
            done
            case "$*" in
              "ad app list"*) echo "" ;;
              "ad app create --display-name cloudstatus-test-api"*) echo {{ApiId}} ;;
              "ad app create --display-name cloudstatus-test-dashboard"*) echo {{SpaId}} ;;
              "ad app show --id "*) echo "obj-$4" ;;
              "ad sp show"*) exit 3 ;;
              "ad sp create --id "*) echo "sp-$4" ;;
              *"appRoleAssignedTo --query"*) echo 0 ;;
              "rest --method GET"*) echo "" ;;
            esac
            """);
        Fake("azd", """echo "azd $*" >> "$LOG/azd.txt" """);
    }

    [Fact]
    public async Task Preprovision_OnAnEmptyDirectory_WritesTheApiAndDashboardRegistrations()
    {
        await RunAsync("preprovision", new() { ["AZURE_ENV_NAME"] = "test" });

        var bodies = Bodies();
        var api = bodies.Last(b => b["api"] is not null);
        Assert.Equal(["api://cloudstatus-test"], api["identifierUris"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole], api["appRoles"]!.AsArray().Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal(2, api["api"]!["requestedAccessTokenVersion"]!.GetValue<int>());
        var scope = api["api"]!["oauth2PermissionScopes"]![0]!;
        Assert.Equal("user_impersonation", scope["value"]!.GetValue<string>());
        var preAuthorized = api["api"]!["preAuthorizedApplications"]!.AsArray();
        Assert.Contains(preAuthorized, p => p!["appId"]!.GetValue<string>() == SpaId && p["delegatedPermissionIds"]![0]!.GetValue<string>() == scope["id"]!.GetValue<string>());
        // The directory extension travels as the optional claim extn.csTenant (the Bicep TenantClaim setting).
        Assert.Equal($"extension_{ApiId.Replace("-", "", StringComparison.Ordinal)}_csTenant", api["optionalClaims"]!["accessToken"]![0]!["name"]!.GetValue<string>());
        Assert.Contains(bodies, b => b["name"]?.GetValue<string>() == "csTenant" && b["targetObjects"]![0]!.GetValue<string>() == "User");
        var dashboard = Assert.Single(bodies, b => b["requiredResourceAccess"] is not null);
        Assert.Equal(ApiId, dashboard["requiredResourceAccess"]![0]!["resourceAppId"]!.GetValue<string>());
        Assert.DoesNotContain(Calls(), c => c.Contains("password", StringComparison.OrdinalIgnoreCase) || c.Contains("credential", StringComparison.OrdinalIgnoreCase));
        var azd = await File.ReadAllTextAsync(Path.Combine(_dir, "log", "azd.txt"));
        Assert.Contains($"azd env set ENTRA_API_CLIENT_ID {ApiId}", azd, StringComparison.Ordinal);
        Assert.Contains($"azd env set ENTRA_DASHBOARD_CLIENT_ID {SpaId}", azd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postprovision_RegistersTheDashboardUrl_AndMakesTheDeployerAnOperatorOfEveryTenant()
    {
        await RunAsync("postprovision", new()
        {
            ["AZURE_ENV_NAME"] = "test",
            ["ENTRA_API_CLIENT_ID"] = ApiId,
            ["ENTRA_DASHBOARD_CLIENT_ID"] = SpaId,
            ["CENTRAL_URL"] = "https://func-abc.azurewebsites.net",
            ["AZURE_PRINCIPAL_ID"] = User,
        });

        var bodies = Bodies();
        var spa = Assert.Single(bodies, b => b["spa"] is not null);
        Assert.Equal("https://func-abc.azurewebsites.net/", spa["spa"]!["redirectUris"]![0]!.GetValue<string>());
        var assignment = Assert.Single(bodies, b => b["appRoleId"] is not null);
        Assert.Equal(User, assignment["principalId"]!.GetValue<string>());
        await RunAsync("preprovision", new() { ["AZURE_ENV_NAME"] = "test" });
        var operate = Bodies().Last(b => b["appRoles"] is not null)["appRoles"]!.AsArray().Single(r => r!["value"]!.GetValue<string>() == CloudStatusClaims.OperateRole)!;
        Assert.Equal(operate["id"]!.GetValue<string>(), assignment["appRoleId"]!.GetValue<string>());
        var tenants = Assert.Single(bodies, b => b.AsObject().Any(p => p.Key.EndsWith("_csTenant", StringComparison.Ordinal)));
        Assert.Equal(CloudStatusClaims.AllTenants, tenants[$"extension_{ApiId.Replace("-", "", StringComparison.Ordinal)}_csTenant"]!.GetValue<string>());
    }

    private void Fake(string name, string body)
    {
        var path = Path.Combine(_dir, "bin", name);
        File.WriteAllText(path, "#!/usr/bin/env bash\nset -e\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private async Task RunAsync(string stage, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoPaths.InRoot("infra", "hooks", "entra-apps.sh"));
        start.ArgumentList.Add(stage);
        start.Environment["PATH"] = Path.Combine(_dir, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["LOG"] = Path.Combine(_dir, "log");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"entra-apps.sh {stage} exited {process.ExitCode}: {await output}{await error}");
    }

    private List<JsonNode> Bodies() => Directory.GetFiles(Path.Combine(_dir, "log"), "*.body").Order(StringComparer.Ordinal)
        .Select(f => JsonNode.Parse(File.ReadAllText(f)) ?? throw new InvalidOperationException($"{f} is not JSON")).ToList();

    private List<string> Calls() => Directory.GetFiles(Path.Combine(_dir, "log"), "*.call").Select(File.ReadAllText).ToList();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
