using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 17's site-wide connectivity on the running dev stack: the two servers of site-01 each poll their own switches
/// over HTTP, each switch checks the site's switches on both servers, and the site's matrix pairs them. Observed
/// through the API and the dev route that breaks a link, as a user would.
/// </summary>
public sealed class SiteMatrixAcceptanceTests
{
    private const string Left = "srv-01.sw-02";
    private const string Right = "srv-02.sw-01";

    [Fact]
    public async Task LinkBetweenSwitchesOnTwoServersBreaks_SiteMatrixShowsThatPairUnreachable()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 });
        await Eventually.TrueAsync(
            async () => await MatrixAsync(stack) is { } m && m.Switches.Length == 4 && m.Rows.All(r => !r.Contains('?', StringComparison.Ordinal)),
            "site-01's matrix holds the four switches of srv-01 and srv-02, every row known");
        var before = (await MatrixAsync(stack))!;
        Assert.Equal(["srv-01", "srv-01", "srv-02", "srv-02"], before.SwitchServers);
        Assert.Equal(12, before.Reachable);

        using (var broken = await stack.PostAsync("/dev/sim/links", $$"""{"a":"{{Left}}","b":"{{Right}}","broken":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        }

        await Eventually.TrueAsync(
            async () => await MatrixAsync(stack) is { } m && m.Cell(Left, Right) == '0' && m.Cell(Right, Left) == '0',
            "both directions of the broken link show unreachable");
        var after = (await MatrixAsync(stack))!;
        Assert.Equal((10, 2), (after.Reachable, after.Unreachable));
        Assert.Equal('1', after.Cell("srv-01.sw-01", Right));

        using var other = await stack.Client.GetAsync(new Uri("/api/v1/sites/site-09/matrix", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var sameSite = await stack.PostAsync("/dev/sim/links", """{"a":"srv-01.sw-01","b":"srv-09.sw-01"}""");
        Assert.Equal(HttpStatusCode.NotFound, sameSite.StatusCode);
    }

    private static async Task<Matrix?> MatrixAsync(StackHarness stack)
    {
        using var response = await stack.Client.GetAsync(new Uri("/api/v1/sites/site-01/matrix", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var m = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Matrix(
            [.. m.GetProperty("switches").EnumerateArray().Select(e => e.GetString()!)],
            [.. m.GetProperty("switchServers").EnumerateArray().Select(e => e.GetString()!)],
            [.. m.GetProperty("rows").EnumerateArray().Select(e => e.GetString()!)],
            m.GetProperty("reachablePairs").GetInt32(),
            m.GetProperty("unreachablePairs").GetInt32());
    }

    private sealed record Matrix(string[] Switches, string[] SwitchServers, string[] Rows, int Reachable, int Unreachable)
    {
        public char Cell(string from, string to) => Rows[Array.IndexOf(Switches, from)][Array.IndexOf(Switches, to)];
    }
}
