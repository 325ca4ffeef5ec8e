using System.Text.Json;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Commands;

public sealed class CommandTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    private CommandService Service => _central.Get<CommandService>();
    private CommandDispatcher Dispatcher => _central.Get<CommandDispatcher>();

    public async Task InitializeAsync() => await _central.ApplyAsync(Periodic(1, 2, Rec("sw1", 1), Rec("gone", 2, deleted: true)));

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Reboot_ModuleAnswers200_SucceedsWithItsMessage()
    {
        var submitted = await SubmitAsync("srv-01.sw1", CommandActions.Reboot);
        Assert.Equal(CommandStatus.Pending, submitted.Command!.Status);
        var queued = Assert.Single(await _central.DrainDispatchAsync()).CommandId!;
        Assert.Equal(submitted.Command.CommandId, queued);
        _central.Time.Advance(TimeSpan.FromSeconds(2));

        var done = await Dispatcher.DispatchAsync(queued);

        Assert.Equal((CommandStatus.Succeeded, "done"), (done!.Status, done.Result));
        Assert.Equal(_central.Time.GetUtcNow(), done.CompletedAt);
        Assert.Equal("tester", done.RequestedBy);
        var call = Assert.Single(_central.Methods.Calls);
        Assert.Equal((Server, "cloudstatus", "reboot", TimeSpan.FromSeconds(30)), (call.DeviceId, call.ModuleId, call.MethodName, call.Timeout));
        using var payload = JsonDocument.Parse(call.PayloadJson);
        Assert.Equal(queued, payload.RootElement.GetProperty("commandId").GetString());
        Assert.Equal("srv-01.sw1", payload.RootElement.GetProperty("producerId").GetString());
    }

    public static TheoryData<DirectMethodOutcome, string, string> Outcomes() => new()
    {
        { new DirectMethodOutcome(DirectMethodStatus.Answered, 409, """{"ok":false,"message":"switch is busy"}""", null), CommandStatus.Failed, "switch is busy" },
        { new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, "404103"), CommandStatus.Failed, "server offline" },
        { new DirectMethodOutcome(DirectMethodStatus.Timeout, null, null, "504101"), CommandStatus.TimedOut, "No answer within 30 s." },
        { new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, "throttled"), CommandStatus.Failed, "throttled" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Dispatch_HubOutcome_MapsToCommandStatus(DirectMethodOutcome outcome, string status, string result)
    {
        _central.Methods.Responder = _ => outcome;
        var submitted = await SubmitAsync("srv-01.sw1", CommandActions.Reboot);

        var done = await Dispatcher.DispatchAsync(submitted.Command!.CommandId);

        Assert.Equal((status, result), (done!.Status, done.Result));
        Assert.Equal(done, await _central.Get<ICommandStore>().GetAsync(done.CommandId));
    }

    [Fact]
    public async Task Dispatch_AlreadyDispatched_DoesNotSendTwice()
    {
        var submitted = await SubmitAsync("srv-01.sw1", CommandActions.Reboot);
        await Dispatcher.DispatchAsync(submitted.Command!.CommandId);
        await Dispatcher.DispatchAsync(submitted.Command.CommandId);

        Assert.Single(_central.Methods.Calls);
    }

    [Theory]
    [InlineData("srv-01.nobody")]
    [InlineData("srv-01.gone")]
    public async Task Submit_UnknownOrDeletedProducer_IsNotFound(string producerId)
    {
        var result = await SubmitAsync(producerId, CommandActions.Reboot);

        Assert.Equal(SubmitStatus.NotFound, result.Status);
        Assert.Empty(await _central.DrainDispatchAsync());
    }

    [Fact]
    public async Task Submit_ProducerOfATenantOutsideTheScope_IsNotFound()
    {
        var result = await Service.SubmitAsync(
            new CommandSubmission("srv-01.sw1", CommandActions.Reboot, null, null, null, null, null), TenantScope.Of(["tenant-b"]), "tester");

        Assert.Equal(SubmitStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_ReturnsTheFirstCommand()
    {
        var first = await SubmitAsync("srv-01.sw1", CommandActions.Reboot, key: "k-1");
        var second = await SubmitAsync("srv-01.sw1", CommandActions.Reboot, key: "k-1");
        var other = await SubmitAsync("srv-01.sw1", CommandActions.Delete, key: "k-1");

        Assert.Equal(first.Command!.CommandId, second.Command!.CommandId);
        Assert.Equal(SubmitStatus.Conflict, other.Status);
        Assert.Single(await _central.DrainDispatchAsync());
    }

    [Fact]
    public async Task Add_TargetsTheGivenServerWithKindParentAndConfig()
    {
        var result = await Service.SubmitAsync(
            new CommandSubmission("srv-01.sw1.dev-9", CommandActions.Add, null, Server, "device", "srv-01.sw1", """{"url":"http://x"}"""),
            TenantScope.Everything,
            "tester");
        await Dispatcher.DispatchAsync(result.Command!.CommandId);

        var call = Assert.Single(_central.Methods.Calls);
        Assert.Equal("add", call.MethodName);
        using var payload = JsonDocument.Parse(call.PayloadJson);
        Assert.Equal("device", payload.RootElement.GetProperty("kind").GetString());
        Assert.Equal("srv-01.sw1", payload.RootElement.GetProperty("parentId").GetString());
        Assert.Equal("http://x", payload.RootElement.GetProperty("config").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Add_WithMatch_TheModuleGetsTheNormalizedMacAndIp()
    {
        var dto = new CloudStatus.Functions.Api.CommandRequestDto
        {
            ProducerId = "srv-01.sw-new", Action = CommandActions.Add, ServerId = Server, Kind = "switch",
            Match = new CloudStatus.Functions.Api.CommandMatchDto { Mac = "02-00-5E-10-00-01", Ip = "10.0.1.5" },
        };
        Assert.Empty(dto.Validate());
        var result = await Service.SubmitAsync(dto.ToSubmission(), TenantScope.Everything, "tester");
        await Dispatcher.DispatchAsync(result.Command!.CommandId);

        using var payload = JsonDocument.Parse(Assert.Single(_central.Methods.Calls).PayloadJson);
        var match = payload.RootElement.GetProperty("match");
        Assert.Equal(("02:00:5e:10:00:01", "10.0.1.5"), (match.GetProperty("mac").GetString(), match.GetProperty("ip").GetString()));
        Assert.Equal("02:00:5e:10:00:01", (await _central.Get<ICommandStore>().GetAsync(result.Command.CommandId))!.Match!.Mac);
    }

    [Fact]
    public async Task Add_ExistingProducerOrUnknownServer_IsRefused()
    {
        var existing = await Service.SubmitAsync(new CommandSubmission("srv-01.sw1", CommandActions.Add, null, Server, "switch", null, null), TenantScope.Everything, "t");
        var unknown = await Service.SubmitAsync(new CommandSubmission("srv-77.x", CommandActions.Add, null, "srv-77", "switch", null, null), TenantScope.Everything, "t");

        Assert.Equal(SubmitStatus.Conflict, existing.Status);
        Assert.Equal(SubmitStatus.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Resync_OnTheServerId_SendsAFullResync()
    {
        var result = await SubmitAsync(Server, CommandActions.Resync);
        await Dispatcher.DispatchAsync(result.Command!.CommandId);

        var call = Assert.Single(_central.Methods.Calls);
        Assert.Equal("resync", call.MethodName);
        using var payload = JsonDocument.Parse(call.PayloadJson);
        Assert.Equal(0, payload.RootElement.GetProperty("fromSeq").GetInt64());
    }

    [Fact]
    public async Task UnconfiguredClient_FailsPlainly()
    {
        var outcome = await new UnconfiguredDirectMethodClient().InvokeAsync("srv", "m", "reboot", [], TimeSpan.FromSeconds(5));

        Assert.Equal((DirectMethodStatus.Failed, "no IoT Hub configured"), (outcome.Status, outcome.Error));
    }

    private Task<SubmitResult> SubmitAsync(string producerId, string action, string? key = null) =>
        Service.SubmitAsync(new CommandSubmission(producerId, action, key, null, null, null, null), TenantScope.Everything, "tester");
}
