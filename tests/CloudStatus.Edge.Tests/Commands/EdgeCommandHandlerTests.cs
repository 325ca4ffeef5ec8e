using System.Text;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Commands;

public sealed class EdgeCommandHandlerTests : IDisposable
{
    private const string Sw = "srv-01.sw-01";
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reboot_SimulatedSwitch_200AndTheRebootEventIsWrittenAsync()
    {
        await using var edge = await StartWithFleetAsync();

        var response = await CallAsync(edge, "reboot", """{"commandId":"c-1","producerId":"srv-01.sw-01"}""");

        Assert.Equal(200, response.Status);
        Assert.True(Result(response).Ok);
        _time.Advance(TimeSpan.FromSeconds(1));
        edge.Fleet!.Step(1);
        await edge.Management.RunAsyncWritesAsync();
        var record = edge.Heap.Get(Sw)!;
        Assert.Equal((Health.Online, RecordEvents.Reboot), (record.Health, record.Event));
        Assert.Contains("\"bootCount\":2", record.State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reboot_SameCommandDeliveredAgain_SameAnswerAndTheSwitchRebootsOnce()
    {
        await using var edge = await StartWithFleetAsync();
        const string Payload = """{"commandId":"c-dup","producerId":"srv-01.sw-01"}""";
        var before = edge.Fleet!.Counts.Reboots;

        var first = await CallAsync(edge, "reboot", Payload);
        edge.Fleet.Step(FleetNode.QuietSpec.RebootSeconds + 1); // the reboot is over: a second one would be heard
        var again = await CallAsync(edge, "reboot", Payload);
        var other = await CallAsync(edge, "reboot", """{"commandId":"c-other","producerId":"srv-01.sw-01"}""");

        Assert.Equal((200, Result(first).Message), (again.Status, Result(again).Message));
        Assert.Equal(200, other.Status);
        Assert.Equal(before + 2, edge.Fleet.Counts.Reboots); // c-dup once, c-other once
    }

    [Fact]
    public async Task Reboot_DeliveredAgainAfterAModuleRestart_AnsweredFromTheFileAndNotRunAgain()
    {
        await using var edge = await StartWithFleetAsync();
        var file = Path.Combine(_dir.Path, RecentCommandResults.FileName);
        const string Payload = """{"commandId":"c-restart","producerId":"srv-01.sw-01"}""";
        var before = edge.Fleet!.Counts.Reboots;

        var first = await Handler(RecentCommandResults.Open(file, out _)).HandleAsync("reboot", Encoding.UTF8.GetBytes(Payload));
        edge.Fleet.Step(FleetNode.QuietSpec.RebootSeconds + 1);
        var restarted = Handler(RecentCommandResults.Open(file, out var error)); // a new module process over the same data directory
        var again = await restarted.HandleAsync("reboot", Encoding.UTF8.GetBytes(Payload));

        Assert.Null(error);
        Assert.Equal((first.Status, Result(first).Message), (again.Status, Result(again).Message));
        Assert.Equal(before + 1, edge.Fleet.Counts.Reboots);

        EdgeCommandHandler Handler(RecentCommandResults recent) =>
            new(edge.Management, edge.Upstream, edge.Equipment, NullLogger<EdgeCommandHandler>.Instance, recent: recent);
    }

    [Fact]
    public void RecentResults_UnreadableFile_StartsEmptyAndSaysWhy()
    {
        var file = Path.Combine(_dir.Path, RecentCommandResults.FileName);
        File.WriteAllText(file, "{ not json");

        var recent = RecentCommandResults.Open(file, out var error);

        Assert.NotNull(error);
        Assert.Equal(RecentCommandResults.DefaultCapacity, recent.Capacity);
    }

    [Fact]
    public async Task RecentResults_OverCapacity_ForgetsTheOldest()
    {
        var recent = new RecentCommandResults(capacity: 2);
        var runs = 0;
        Task<(int, string)> Work() => Task.FromResult((200, $"run {++runs}"));

        await recent.RunOnceAsync("a", Work);
        await recent.RunOnceAsync("b", Work);
        await recent.RunOnceAsync("c", Work);
        var b = await recent.RunOnceAsync("b", Work);
        var a = await recent.RunOnceAsync("a", Work);

        Assert.Equal(("run 2", true), (b.Message, b.Replayed));
        Assert.Equal(("run 4", false), (a.Message, a.Replayed));
    }

    [Fact]
    public async Task RecentResults_WorkThrows_IsRunAgainNextTime()
    {
        var recent = new RecentCommandResults();

        await Assert.ThrowsAsync<InvalidOperationException>(() => recent.RunOnceAsync("a", () => throw new InvalidOperationException("x")));
        var second = await recent.RunOnceAsync("a", () => Task.FromResult((200, "ok")));

        Assert.Equal((200, "ok", false), second);
    }

    [Theory]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-77"}""", 404)]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01.dev-001"}""", 501)]
    [InlineData("""{"commandId":"c","producerId":"bad id"}""", 400)]
    [InlineData("""{"commandId":"c"}""", 400)]
    [InlineData("""not json""", 400)]
    [InlineData("""null""", 400)]
    [InlineData("", 400)]
    public async Task Reboot_BadTargetOrPayload_ErrorStatusWithReason(string payload, int status)
    {
        await using var edge = await StartWithFleetAsync();

        var response = await CallAsync(edge, "reboot", payload);

        Assert.Equal(status, response.Status);
        var result = Result(response);
        Assert.False(result.Ok);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Theory]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01","ip":"10.1"}""", 400)]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01"}""", 400)]
    [InlineData("""{"commandId":"c","producerId":"bad id","ip":"10.250.0.1"}""", 400)]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01.dev-001","ip":"10.250.0.1"}""", 501)]
    public async Task Readdress_BadAddressOrAProducerThatCannotChangeIt_ErrorStatusWithReason(string payload, int status)
    {
        await using var edge = await StartWithFleetAsync();

        var response = await CallAsync(edge, "readdress", payload);

        Assert.Equal(status, response.Status);
        Assert.False(Result(response).Ok);
    }

    [Theory]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01","ip":"10.250.0.1"}""", 400)]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01","ip":"10.1","previousIp":"10.1.0.5"}""", 400)]
    [InlineData("""{"commandId":"c","producerId":"bad id","ip":"10.250.0.1","previousIp":"10.1.0.5"}""", 400)]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-01","ip":"10.250.0.1","previousIp":"10.1.0.5"}""", 200)]
    public async Task Address_WithoutBothIpsRefused_ElseToldEvenWhenNoAdapterReachedIt(string payload, int status)
    {
        await using var edge = await StartWithFleetAsync();

        var response = await CallAsync(edge, "address", payload);

        Assert.Equal(status, response.Status);
        Assert.Equal(status == 200, Result(response).Ok);
        if (status == 200)
        {
            Assert.Contains("no adapter of this module reached it at 10.1.0.5", Result(response).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reboot_NoProducerControl_501()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.Equal(501, (await CallAsync(edge, "reboot", """{"commandId":"c","producerId":"srv-01.sw-01"}""")).Status);
    }

    [Fact]
    public async Task UnknownMethod_404()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.Equal(404, (await CallAsync(edge, "selfDestruct", "{}")).Status);
    }

    [Fact]
    public async Task Resync_FromSeq_200AndThePumpSendsAResyncBatch()
    {
        await using var edge = await StartWithFleetAsync();

        var response = await CallAsync(edge, "resync", """{"fromSeq":0,"reason":"gap"}""");
        await edge.Upstream.PumpAsync();

        Assert.Equal(200, response.Status);
        var batch = Assert.Single(edge.Transport.Batches);
        Assert.Equal((BatchKind.Resync, 0L, edge.Heap.MaxSeq), (batch.Kind, batch.SeqFrom, batch.SeqTo));
        Assert.Equal(edge.Heap.LiveCount, batch.Records.Count);
    }

    [Theory]
    [InlineData("""{"fromSeq":-1}""")]
    [InlineData("""{}""")]
    [InlineData("""{"fromSeq":"x"}""")]
    public async Task Resync_Malformed_400(string payload)
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.Equal(400, (await CallAsync(edge, "resync", payload)).Status);
    }

    [Fact]
    public async Task Delete_Switch_CascadesTombstonesAndTheSimulatorStopsReportingIt()
    {
        await using var edge = await StartWithFleetAsync();

        var response = await CallAsync(edge, "delete", """{"commandId":"c","producerId":"srv-01.sw-01"}""");

        Assert.Equal(200, response.Status);
        var deleted = edge.Heap.Records().Where(r => r.Deleted).Select(r => r.ProducerId).ToList();
        Assert.Equal(1 + 2 + 1 + 2, deleted.Count); // switch, 2 trunks, fan, 2 devices
        Assert.All(deleted, id => Assert.StartsWith(Sw, id, StringComparison.Ordinal));
        Assert.DoesNotContain(Sw, edge.Equipment!.ProducerIds);
        edge.Equipment.PublishAll();
        Assert.Equal(0, await edge.Management.RunAsyncWritesAsync());
    }

    [Fact]
    public async Task Delete_Unknown_404()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.Equal(404, (await CallAsync(edge, "delete", """{"commandId":"c","producerId":"srv-01.sw-09"}""")).Status);
    }

    [Fact]
    public async Task Add_NotYetSeen_202WaitingUntilItShowsUpThen200OnceTheEquipmentTookIt()
    {
        const string payload = """{"commandId":"c","producerId":"srv-01.sw-05","kind":"switch","parentId":"srv-01","config":{"vlan":5}}""";
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);

        var response = await CallAsync(edge, "add", payload);
        Assert.Equal(202, response.Status);
        Assert.Contains("when it shows up", Result(response).Message, StringComparison.Ordinal);
        Assert.Equal(202, (await CallAsync(edge, "add", payload)).Status); // asked again: still waiting

        edge.Post("srv-01.sw-05", ProducerKind.Switch, "srv-01");
        await edge.Management.RunAsyncWritesAsync();
        Assert.Equal("""{"vlan":5}""", edge.Heap.Get("srv-01.sw-05")!.Config);
        Assert.Equal(("config", "srv-01.sw-05"), (control.Calls.Single().Action, control.Calls.Single().ProducerId));

        var done = await CallAsync(edge, "add", payload);
        Assert.Equal(200, done.Status);
        Assert.Contains("applied when it showed up", Result(done).Message, StringComparison.Ordinal);
        Assert.Single(control.Calls); // the verdict is answered, the configuration not pushed twice
    }

    [Fact]
    public async Task Add_NotYetSeen_EquipmentRefusesTheConfiguration_502WithWhyWhenAskedAgain()
    {
        const string payload = """{"commandId":"c","producerId":"srv-01.sw-05","kind":"switch","parentId":"srv-01","config":{"vlan":5}}""";
        var control = new RecordingProducerControl { Answer = ProducerControlResult.NotSupported };
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        Assert.Equal(202, (await CallAsync(edge, "add", payload)).Status);

        edge.Post("srv-01.sw-05", ProducerKind.Switch, "srv-01");
        await edge.Management.RunAsyncWritesAsync();

        var done = await CallAsync(edge, "add", payload);
        Assert.Equal(502, done.Status);
        Assert.Contains("no adapter of this module can configure it", Result(done).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WaitingThenReplacedByALaterAddForTheSameId_TheFirst409()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        const string first = """{"commandId":"c1","producerId":"srv-01.sw-05","kind":"switch","parentId":"srv-01","config":{"vlan":5}}""";
        Assert.Equal(202, (await CallAsync(edge, "add", first)).Status);
        Assert.Equal(202, (await CallAsync(edge, "add", """{"commandId":"c2","producerId":"srv-01.sw-05","kind":"switch","parentId":"srv-01","config":{"vlan":6}}""")).Status);

        var replaced = await CallAsync(edge, "add", first);

        Assert.Equal(409, replaced.Status);
        Assert.Contains("later add", Result(replaced).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-05"}""")]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-05","kind":"switch","parentId":"a b"}""")]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-05","kind":"switch","config":[1]}""")]
    public async Task Add_Malformed_400(string payload)
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.Equal(400, (await CallAsync(edge, "add", payload)).Status);
    }

    [Theory]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-05","kind":"switch","match":{"mac":"02:00"}}""", "match.mac '02:00'")]
    [InlineData("""{"commandId":"c","producerId":"srv-01.sw-05","kind":"switch","match":{"ip":"10.1"}}""", "match.ip '10.1'")]
    public async Task Add_BadMatch_400WithTheRule(string payload, string expected)
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        var response = await CallAsync(edge, "add", payload);

        Assert.Equal(400, response.Status);
        Assert.StartsWith(expected, Result(response).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_MacAlreadyAwaitedByAnotherAdd_409WithTheReason()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        var first = await CallAsync(edge, "add", """{"commandId":"c1","producerId":"srv-01.sw-05","kind":"switch","match":{"mac":"02-00-5E-10-00-01"}}""");

        var second = await CallAsync(edge, "add", """{"commandId":"c2","producerId":"srv-01.sw-06","kind":"switch","match":{"mac":"02:00:5e:10:00:01"}}""");

        Assert.Equal(202, first.Status); // waiting for its device (ADR 141)
        Assert.Contains("or when a producer with MAC 02:00:5e:10:00:01 does", Result(first).Message, StringComparison.Ordinal);
        Assert.Equal(409, second.Status);
        Assert.Contains("already waits for the producer with MAC 02:00:5e:10:00:01", Result(second).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_NotAvailableYet_501()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.Equal(501, (await CallAsync(edge, "history", "{}")).Status);
    }

    private async Task<EdgeHarness> StartWithFleetAsync()
    {
        var edge = await EdgeHarness.StartAsync(
            _dir.Path, _time, fleet: FleetNode.QuietSpec with { DevicesPerSwitch = 2 });
        edge.Equipment!.PublishAll();
        await edge.Management.RunAsyncWritesAsync();
        await edge.Upstream.PumpAsync();
        edge.Transport.Clear();
        return edge;
    }

    private static Task<DirectMethodResponse> CallAsync(EdgeHarness edge, string method, string payload) =>
        edge.Commands.HandleAsync(method, Encoding.UTF8.GetBytes(payload));

    private static MethodResult Result(DirectMethodResponse response) =>
        JsonSerializer.Deserialize(response.Payload, MethodJsonContext.Default.MethodResult)!;
}
