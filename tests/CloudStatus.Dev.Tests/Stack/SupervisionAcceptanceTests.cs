using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 12 through the running dev stack: srv-01 supervises three real Node.js child processes (db, then pbx of
/// contoso and acd of the guest tenant fabrikam, both depending on db). A user kills one with SIGKILL, crashes one through
/// the dev route, and stops, starts and restarts one through <c>/api/v1/commands</c>; everything is observed through the API.
/// </summary>
public sealed class SupervisionAcceptanceTests
{
    private const string Db = "srv-01.process.db";
    private const string Pbx = "srv-01.process.pbx";
    private const string Acd = "srv-01.process.acd";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Processes_StartInOrder_KillNineAndCrash_AreRestartedAndVisibleCentrally()
    {
        await using var stack = await StartAsync();
        await RunningAsync(stack, Db, Pbx, Acd);
        var started = new[] { Db, Pbx, Acd }.Select(id => State(stack, id)).ToList();
        var states = await Task.WhenAll(started);
        Assert.Equal([0, 1, 2], states.Select(s => s.GetProperty("order").GetInt32()));
        Assert.True(StartedAt(states[0]) <= StartedAt(states[1]) && StartedAt(states[1]) <= StartedAt(states[2]), "db, pbx, acd started in that order");

        // kill -9 of pbx: restarted, the crash and the restart reach central.
        var pid = states[1].GetProperty("pid").GetInt32();
        using (var os = Process.GetProcessById(pid))
        {
            os.Kill();
        }

        await Eventually.TrueAsync(
            async () => await State(stack, Pbx) is { } s && s.GetProperty("restarts").GetInt32() >= 1 && s.GetProperty("phase").GetString() == "running"
                        && s.GetProperty("pid").GetInt32() != pid,
            "pbx restarted after kill -9",
            Timeout);
        var pbx = await State(stack, Pbx);
        Assert.Contains("signal", pbx.GetProperty("lastExit").GetString(), StringComparison.Ordinal);
        // The event page is a list read, up to the API's read-cache age behind the producer read above (ADR 182).
        await Eventually.TrueAsync(
            async () => await EventsAsync(stack.Client, Pbx) is var events
                        && events.Any(e => e.Type == "healthChange" && e.Health == "offline") && events.Any(e => e.Type == "reboot"),
            "pbx's crash (offline) and restart (reboot) events at central",
            Timeout);

        // The guest tenant's process, crashed through the dev route: its restart is visible to its tenant's token.
        using (var crash = await stack.PostAsync($"/dev/sim/processes/{Acd}/crash"))
        {
            Assert.Equal(HttpStatusCode.OK, crash.StatusCode);
        }

        using var fabrikam = await TokenClientAsync(stack, """{"roles":["Status.Read"],"tenants":["fabrikam"]}""");
        await Eventually.TrueAsync(
            async () => (await EventsAsync(fabrikam, Acd)).Any(e => e.Type == "reboot"),
            "acd's restart reached fabrikam's events",
            Timeout);
        var acd = await fabrikam.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/producers/{Acd}", UriKind.Relative));
        Assert.Equal("exit code 3", acd.GetProperty("state").GetProperty("lastExit").GetString());
        var fabrikamPage = await fabrikam.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/servers/srv-01/producers", UriKind.Relative));
        Assert.Equal([Acd], fabrikamPage.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("producerId").GetString()));
    }

    [Fact]
    public async Task Commands_StopStartRestart_ThroughTheApi_DriveTheRealProcess()
    {
        await using var stack = await StartAsync();
        await RunningAsync(stack, Db, Pbx, Acd);
        var firstPid = (await State(stack, Pbx)).GetProperty("pid").GetInt32();

        var stop = await stack.CommandCompletedAsync(await stack.SubmitCommandAsync($$"""{"producerId":"{{Pbx}}","action":"stop"}"""));
        Assert.Equal("succeeded", stop.Status);
        await Eventually.TrueAsync(async () => (await State(stack, Pbx)).GetProperty("phase").GetString() == "held", "pbx held", Timeout);
        Assert.True(HasExited(firstPid), "the stopped process is gone");

        var start = await stack.CommandCompletedAsync(await stack.SubmitCommandAsync($$"""{"producerId":"{{Pbx}}","action":"start"}"""));
        Assert.Equal("succeeded", start.Status);
        await RunningAsync(stack, Pbx);
        var secondPid = (await State(stack, Pbx)).GetProperty("pid").GetInt32();

        var restart = await stack.CommandCompletedAsync(await stack.SubmitCommandAsync($$"""{"producerId":"{{Pbx}}","action":"reboot"}"""));
        Assert.Equal("succeeded", restart.Status);
        await Eventually.TrueAsync(
            async () => await State(stack, Pbx) is { } s && s.GetProperty("phase").GetString() == "running" && s.GetProperty("pid").GetInt32() != secondPid,
            "pbx restarted by the command",
            Timeout);
        Assert.True(HasExited(secondPid), "the restarted process is a new one");
    }

    private static Task<StackHarness> StartAsync() => StackHarness.StartAsync(o => o with
    {
        Servers = 1,
        Switches = 1,
        Devices = 1,
        ChangeRate = 0,
        Period = TimeSpan.FromMilliseconds(500),
        SupervisedServers = 1,
    });

    private static async Task RunningAsync(StackHarness stack, params string[] ids)
    {
        var last = new List<string>();
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    var producers = await Task.WhenAll(ids.Select(stack.ProducerAsync));
                    last = [.. producers.Select(p => p?.ToString() ?? "unknown")];
                    // The phase, not the health: a process stopped and started within seconds is flapping, and the
                    // edge's chatter filter holds its health down until it is steady again (ADR 0100).
                    return producers.All(p => p is { } x && x.GetProperty("state").GetProperty("phase").GetString() == "running");
                },
                string.Join(", ", ids) + " running at central",
                Timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + " Last seen: " + string.Join(" | ", last), ex);
        }
    }

    private static async Task<JsonElement> State(StackHarness stack, string id) =>
        (await stack.ProducerAsync(id))?.GetProperty("state") ?? throw new InvalidOperationException($"{id} unknown at central");

    private static DateTimeOffset StartedAt(JsonElement state) => state.GetProperty("startedAt").GetDateTimeOffset();

    private static bool HasExited(int pid)
    {
        try
        {
            using var os = Process.GetProcessById(pid);
            return os.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static async Task<List<(string Type, string? Health)>> EventsAsync(HttpClient client, string producerId)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events?serverId=srv-01&limit=500", UriKind.Relative));
        return [.. page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("producerId").GetString() == producerId)
            .Select(e => (e.GetProperty("type").GetString()!, e.TryGetProperty("health", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null))];
    }

    private static async Task<HttpClient> TokenClientAsync(StackHarness stack, string request)
    {
        using var minted = await stack.PostAsync("/dev/tokens", request);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = stack.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
