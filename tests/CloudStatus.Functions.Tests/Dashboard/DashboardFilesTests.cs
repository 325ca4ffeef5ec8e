using System.Net;
using System.Text.RegularExpressions;
using CloudStatus.Functions.Dashboard;
using CloudStatus.Functions.Tests.Support;

namespace CloudStatus.Functions.Tests.Dashboard;

/// <summary>The dashboard's embedded static files as central serves them: anonymous, complete, locked down.</summary>
public sealed partial class DashboardFilesTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Root_WithoutToken_ServesThePageWithItsSecurityHeaders()
    {
        using var response = await _host.Anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DashboardFiles.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoCache, "the page is revalidated on every load");
        Assert.NotNull(response.Headers.ETag);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"tree\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryFileThePageLoads_IsServedWithItsContentType()
    {
        var pending = new Queue<string>(["index.html"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name))
            {
                continue;
            }

            using var response = await _host.Anonymous.GetAsync(new Uri("/" + name, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            var expected = Path.GetExtension(name) switch
            {
                ".html" => "text/html",
                ".css" => "text/css",
                _ => "text/javascript",
            };
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
            foreach (Match match in References().Matches(text))
            {
                pending.Enqueue(match.Groups["file"].Value);
            }
        }

        // index.html, app.css and every module reachable from app.js.
        Assert.True(seen.Count >= 10, $"only {string.Join(", ", seen)}");
        Assert.Contains("tree.js", seen);
        Assert.Contains("matrix.js", seen);
    }

    [Fact]
    public async Task Api_WithoutToken_IsStillUnauthorized()
    {
        using var response = await _host.Anonymous.GetAsync(new Uri("/api/v1/servers", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task UnknownFile_IsNotFound()
    {
        using var response = await _host.Anonymous.GetAsync(new Uri("/no-such-file.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary><c>src="x.js"</c>, <c>href="x.css"</c> and <c>from './x.js'</c>: same-folder files the page loads.</summary>
    [GeneratedRegex("""(?:src="|href="|from ')(?:\./)?(?<file>[a-z][a-z0-9-]*\.(?:js|css))["']""")]
    private static partial Regex References();
}
