using CloudStatus.Dev.Cli;
using CloudStatus.Dev.Tests.Stack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// The whole dev stack plus Debian's headless Chromium (driven by Playwright, never a browser Playwright downloads)
/// with a fresh profile, one page of 1440×900, and every console error and uncaught page error collected so a test
/// can require a clean run. Chromium missing is a failure with instructions, not a skip.
/// </summary>
internal sealed class DashboardSession : IAsyncDisposable
{
    /// <summary>Where scripts/deps/30-chromium.sh installs it; override with CLOUDSTATUS_CHROMIUM.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;
    private readonly StackHarness? _stack;

    private DashboardSession(StackHarness? stack, string baseUrl, IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _stack = stack;
        BaseUrl = baseUrl.TrimEnd('/');
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Add($"page error: {error}");
    }

    public StackHarness Stack => _stack ?? throw new InvalidOperationException("This session runs against another API, not the dev stack.");

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions seen so far.</summary>
    public List<string> Errors { get; } = [];

    public string BaseUrl { get; }

    /// <param name="settings">More stack configuration (see <see cref="StackHarness.StartAsync"/>).</param>
    /// <param name="services">More stack services or options.</param>
    /// <param name="trustedOrigin">
    /// An HTTPS origin on loopback whose self-signed certificate the browser accepts (a test identity provider).
    /// </param>
    public static async Task<DashboardSession> StartAsync(
        Func<DevStackOptions, DevStackOptions>? configure = null,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null,
        Uri? trustedOrigin = null)
    {
        var stack = await StackHarness.StartAsync(configure ?? (o => o), settings: settings, services: services);
        try
        {
            return await LaunchAsync(stack, stack.Client.BaseAddress!.ToString(), trustedOrigin is not null);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Chromium on a page served elsewhere (e.g. <see cref="FakeFleetApi"/>); the caller owns that server.</summary>
    public static Task<DashboardSession> StartAsync(string baseUrl) => LaunchAsync(null, baseUrl, ignoreHttpsErrors: false);

    private static async Task<DashboardSession> LaunchAsync(StackHarness? stack, string baseUrl, bool ignoreHttpsErrors)
    {
        var chromium = Environment.GetEnvironmentVariable("CLOUDSTATUS_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {chromium}: the dashboard browser tests need Debian's chromium. " +
                "Run scripts/deps/30-chromium.sh (scripts/test.sh runs it through scripts/test-deps.sh).");
        }

        var profile = Path.Combine(Path.GetTempPath(), "cloudstatus-chromium-" + Guid.NewGuid().ToString("N"));
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumArgs,
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                Timeout = 60_000,
                IgnoreHTTPSErrors = ignoreHttpsErrors,
            });
            context.SetDefaultTimeout(20_000);
            // An assertion outlasts two of the page's 5 s polls, each of which may read a list up to the API's 1 s
            // read-cache age (ADR 182): 5 s, Playwright's default, is one poll and loses to that race.
            Assertions.SetDefaultExpectTimeout(15_000);
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            return new DashboardSession(stack, baseUrl, playwright, context, page, profile);
        }
        catch
        {
            playwright?.Dispose();
            throw;
        }
    }

    /// <summary>Opens the dashboard the way the dev banner's link does: <c>/#token=…</c>.</summary>
    public async Task OpenWithTokenLinkAsync()
    {
        await Page.GotoAsync($"{BaseUrl}/#token={Uri.EscapeDataString(StackHarness.Token)}");
    }

    public ILocator TreeItem(string key) => Page.Locator($"[role=treeitem][data-key=\"{key}\"]");

    /// <summary>Opens a node the way a user does: click its row (select + open).</summary>
    public async Task OpenAsync(string key)
    {
        var item = TreeItem(key);
        await item.Locator(":scope > .row").ClickAsync();
        await Assertions.Expect(item).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots/ of the repository; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(RepositoryRoot(), "artifacts", "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudStatus.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CloudStatus.sln above {AppContext.BaseDirectory}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; the temp folder is cleaned by the OS later.
        }
    }
}
