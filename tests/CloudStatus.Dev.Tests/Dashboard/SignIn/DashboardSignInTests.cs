using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Dev.Tests.Stack;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CloudStatus.Dev.Tests.Dashboard.SignIn;

/// <summary>
/// Entra ID sign-in as an operator does it, in headless Chromium against the dev stack configured as `azd up`
/// configures central (authority, API audience, the dashboard's client id and scope), with
/// <see cref="LoopbackIdentityProvider"/> on loopback standing in for Entra ID: the dashboard redirects to the
/// directory, MSAL.js redeems the code with PKCE, and the API validates the RSA-signed token through its metadata and
/// keys. Roles and tenants come from the token.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardSignInTests
{
    private static readonly TestUser Operator = new("operator@contoso.test", [CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole], ["contoso"]);
    private static readonly TestUser Reader = new("reader@contoso.test", [CloudStatusClaims.ReadRole], ["contoso"]);

    [Fact]
    public async Task SignIn_OperatorSeesItsTenantsServersAndResyncs_ReaderAfterSignOutIsRefusedWith403()
    {
        await using var idp = await LoopbackIdentityProvider.StartAsync(Operator, Reader);
        await using var session = await DashboardSession.StartAsync(
            o => o with { Servers = 4, Tenants = 2, Switches = 1, Devices = 1, ChangeRate = 0, Period = TimeSpan.FromSeconds(1) },
            settings: idp.ApiSettings,
            services: s => s.ConfigureAll<JwtBearerOptions>(o => o.BackchannelHttpHandler = idp.CreateTrustingHandler()),
            trustedOrigin: idp.Instance);
        idp.RedirectUri = session.BaseUrl + "/";
        var page = session.Page;

        // Not signed in: the dashboard sends the browser to the directory, never to a token prompt.
        await page.GotoAsync(session.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape($"{idp.Instance}{idp.DirectoryId}/oauth2/v2.0/authorize?")));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the test directory" })).ToBeVisibleAsync();
        Assert.Contains("code_challenge_method=S256", page.Url, StringComparison.Ordinal);
        await session.ScreenshotAsync("signin-directory");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {Operator.UserName}" }).ClickAsync();

        // Back on the dashboard with the code redeemed: the operator's tenant only, the code gone from the address bar.
        await Expect(session.TreeItem("srv:srv-01")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToHaveTextAsync(Operator.UserName);
        await Expect(page.Locator("#token-panel")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Change token" })).ToBeHiddenAsync();
        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("[role=treeitem][data-key^=\"srv:\"]")).ToHaveCountAsync(2);

        await session.TreeItem("srv:srv-01").Locator(":scope > .row").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resync" }).ClickAsync();
        var resync = page.Locator("#commands > li[data-producer=\"srv-01\"][data-action=\"resync\"]");
        await Expect(resync).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(resync.Locator(".audit dd").First).ToHaveTextAsync(Operator.UserName);
        await session.ScreenshotAsync("signin-operator");

        // Sign out: the directory ends the session and sends the browser back; the dashboard asks it to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {Reader.UserName}" }).ClickAsync();
        await Expect(page.Locator("#account")).ToHaveTextAsync(Reader.UserName, new() { Timeout = 30_000 });
        await Expect(session.TreeItem("srv:srv-01")).ToBeVisibleAsync();

        // A reader's token has no Status.Operate: the API answers 403 and the page shows it on the command.
        await session.TreeItem("srv:srv-01").Locator(":scope > .row").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resync" }).ClickAsync();
        var refused = page.Locator("#commands > li[data-producer=\"srv-01\"][data-action=\"resync\"]").First;
        await Expect(refused).ToHaveAttributeAsync("data-status", "rejected");
        await Expect(refused).ToContainTextAsync("Forbidden (403)");
        await Expect(refused).Not.ToContainTextAsync("null");
        await session.ScreenshotAsync("signin-reader-refused");

        // The browser logs the refused request itself; anything else is a fault of the page.
        var unexpected = session.Errors.Where(e => !e.Contains("status of 403", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
    }

    [Fact]
    public async Task Api_DirectoryAccessToken_IsScopedByItsTenant_AForgedOneOrTheIdTokenIsRefused()
    {
        await using var idp = await LoopbackIdentityProvider.StartAsync(Reader);
        idp.RedirectUri = "http://127.0.0.1:1/";
        await using var stack = await StackHarness.StartAsync(
            o => o with { Servers = 4, Tenants = 2, Switches = 1, Devices = 1, ChangeRate = 0 },
            settings: idp.ApiSettings,
            services: s => s.ConfigureAll<JwtBearerOptions>(o => o.BackchannelHttpHandler = idp.CreateTrustingHandler()));
        await Eventually.TrueAsync(async () => await stack.ServerAsync("srv-03") is not null, "the servers registered");
        var (access, id) = await SignInAsync(idp, Reader);

        using var servers = await CallAsync(stack, access);
        using var forged = await CallAsync(stack, access[..^4] + (access.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        using var idToken = await CallAsync(stack, id);

        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
        var list = await servers.Content.ReadFromJsonAsync(ApiJsonContext.Default.IReadOnlyListServerDto);
        Assert.Equal(["srv-01", "srv-02"], list!.Select(s => s.ServerId));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, idToken.StatusCode);
    }

    /// <summary>The code flow with PKCE as a client runs it, over HTTP without a browser; returns the access and ID tokens.</summary>
    private static async Task<(string Access, string Id)> SignInAsync(LoopbackIdentityProvider idp, TestUser user)
    {
        var handler = idp.CreateTrustingHandler();
        handler.AllowAutoRedirect = false;
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"{idp.Instance}{idp.DirectoryId}/oauth2/v2.0/") };
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var authorize = await http.PostAsync(new Uri("authorize", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = idp.ClientId,
            ["redirect_uri"] = idp.RedirectUri!,
            ["response_type"] = "code",
            ["response_mode"] = "query",
            ["scope"] = $"openid profile {LoopbackIdentityProvider.Scope}",
            ["state"] = "s",
            ["nonce"] = "n",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["user"] = user.UserName,
        }));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var code = Regex.Match(authorize.Headers.Location!.Query, "code=([^&]+)").Groups[1].Value;
        using var token = await http.PostAsync(new Uri("token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = idp.ClientId,
            ["grant_type"] = "authorization_code",
            ["code"] = Uri.UnescapeDataString(code),
            ["redirect_uri"] = idp.RedirectUri!,
            ["code_verifier"] = verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("access_token").GetString()!, body.GetProperty("id_token").GetString()!);
    }

    private static async Task<HttpResponseMessage> CallAsync(StackHarness stack, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/servers", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await stack.Client.SendAsync(request);
    }
}
