using System.Net;
using System.Text.Json;
using CloudStatus.Functions.Dashboard;
using CloudStatus.Functions.Tests.Packaging;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Tests.Dashboard;

/// <summary>
/// What the dashboard needs for Entra ID sign-in (docs/adr/0090): <c>/config.json</c> from the Entra options, a
/// content security policy that lets MSAL.js reach the authority, options refused when incomplete, and the MSAL.js
/// bundle served with the page being the locked npm package's own.
/// </summary>
public sealed class DashboardSignInTests
{
    private const string DirectoryId = "0d3c4b7e-2f51-4a8e-9f0a-6b1f1e2d3c4b";
    private const string ClientId = "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

    private static readonly Dictionary<string, string?> Entra = new()
    {
        ["CloudStatus:Auth:Entra:TenantId"] = DirectoryId,
        ["CloudStatus:Auth:Entra:Audience"] = "api://cloudstatus-test",
        ["CloudStatus:Auth:Entra:ClientId"] = ClientId,
        ["CloudStatus:Auth:Entra:Scope"] = "api://cloudstatus-test/user_impersonation",
    };

    [Fact]
    public async Task ConfigJson_WithoutEntraClient_HasNoSignIn_AndThePagePolicyIsUnchanged()
    {
        await using var host = await ApiHost.StartAsync();

        using var config = await host.Anonymous.GetAsync(new Uri("/config.json", UriKind.Relative));
        using var page = await host.Anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Equal("""{"signIn":null}""", await config.Content.ReadAsStringAsync());
        Assert.Equal(DashboardFiles.ContentSecurityPolicy, Assert.Single(page.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task ConfigJson_WithEntraClient_NamesAuthorityClientAndScope_AndThePageMayCallTheAuthority()
    {
        await using var host = await ApiHost.StartAsync(devToken: null, settings: Entra);

        using var config = await host.Anonymous.GetAsync(new Uri("/config.json", UriKind.Relative));
        using var page = await host.Anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        var signIn = JsonDocument.Parse(await config.Content.ReadAsStringAsync()).RootElement.GetProperty("signIn");
        Assert.Equal($"https://login.microsoftonline.com/{DirectoryId}/v2.0", signIn.GetProperty("authority").GetString());
        Assert.Equal(ClientId, signIn.GetProperty("clientId").GetString());
        Assert.Equal(["api://cloudstatus-test/user_impersonation"], signIn.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["login.microsoftonline.com"], signIn.GetProperty("knownAuthorities").EnumerateArray().Select(e => e.GetString()));
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self' https://login.microsoftonline.com;", policy, StringComparison.Ordinal);
        Assert.Contains("frame-src https://login.microsoftonline.com;", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CloudStatus:Auth:Entra:Scope", "", "Scope is required with ClientId")]
    [InlineData("CloudStatus:Auth:Entra:Instance", "http://login.example.test/", "must be an https URL")]
    [InlineData("CloudStatus:Auth:Entra:TenantId", "", "ClientId (dashboard sign-in) needs")]
    public async Task Start_WithIncompleteSignIn_IsRefusedWithTheSetting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>(Entra) { [key] = value };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(settings: settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MsalBundle_ServedWithThePage_IsTheLockedNpmPackagesOwn()
    {
        var msal = Path.Combine(RepoPaths.Root, "functions", "CloudStatus.Functions", "Dashboard", "msal");
        using var lockFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(msal, "package-lock.json")));
        var version = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/@azure/msal-browser").GetProperty("version").GetString();
        var installed = Path.Combine(msal, "node_modules", "@azure", "msal-browser", "lib", "msal-browser.min.js");
        Assert.True(File.Exists(installed), $"{installed} is missing: run scripts/deps/70-msal.sh (scripts/test.sh runs it).");
        await using var host = await ApiHost.StartAsync();

        using var served = await host.Anonymous.GetAsync(new Uri("/msal-browser.min.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var bytes = await served.Content.ReadAsByteArrayAsync();
        Assert.StartsWith($"/*! @azure/msal-browser v{version} ", System.Text.Encoding.UTF8.GetString(bytes, 0, 80), StringComparison.Ordinal);
        var locked = await File.ReadAllBytesAsync(installed);
        Assert.True(bytes.AsSpan().SequenceEqual(locked), "Dashboard/wwwroot/msal-browser.min.js differs from the locked package: run scripts/deps/70-msal.sh and commit the copy.");
    }
}
