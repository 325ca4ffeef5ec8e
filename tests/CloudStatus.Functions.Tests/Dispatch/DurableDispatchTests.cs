using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>The local drain, the poison queue and the re-scan over the SQLite outbox, each step called once on a fake clock.</summary>
public sealed class DurableDispatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(2);

    private FlakyCommandStore? _flaky;
    private readonly CentralHarness _central;

    public DurableDispatchTests()
    {
        _central = new CentralHarness(configureServices: services => services.AddSingleton<ICommandStore>(sp =>
            _flaky = new FlakyCommandStore(new SqliteCommandStore(sp.GetRequiredService<SqliteCentralDatabase>()))));
        Drain = ActivatorUtilities.CreateInstance<DispatchDrainService>(_central.Services);
    }

    private DispatchDrainService Drain { get; }

    private IDispatchQueue Queue => _central.Get<IDispatchQueue>();

    private ICommandStore Commands => _central.Get<ICommandStore>();

    public async Task InitializeAsync() => await _central.ApplyAsync(Periodic(1, 2, Rec("sw1", 1)));

    public async Task DisposeAsync()
    {
        Drain.Dispose();
        await _central.DisposeAsync();
    }

    [Fact]
    public async Task Drain_QueuedCommand_DispatchedAndTheMessageCompleted()
    {
        var id = await SubmitAsync();

        Assert.Equal(1, await Drain.DrainOnceAsync(CancellationToken.None));

        Assert.Equal(CommandStatus.Succeeded, (await Commands.GetAsync(id))!.Status);
        _central.Time.Advance(Visibility * 2);
        Assert.Empty(await Queue.ReceiveAsync(32, Visibility));
    }

    [Fact]
    public async Task Drain_ServerOffline_EndsFailedWithTheReasonAndIsNotRetried()
    {
        _central.Methods.Responder = _ => new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, "404103");
        var id = await SubmitAsync();

        await Drain.DrainOnceAsync(CancellationToken.None);

        var command = (await Commands.GetAsync(id))!;
        Assert.Equal((CommandStatus.Failed, "server offline"), (command.Status, command.Result));
        _central.Time.Advance(Visibility * 2);
        Assert.Equal(0, await Drain.DrainOnceAsync(CancellationToken.None));
        Assert.Single(_central.Methods.Calls);
    }

    [Fact]
    public async Task Drain_FailingEveryDelivery_PoisonedAfterTheDequeueLimitAndTheCommandFailsWithTheReason()
    {
        var id = await SubmitAsync();
        _flaky!.FailSends = true;

        for (var delivery = 1; delivery <= DispatchOptions.DefaultMaxDequeueCount; delivery++)
        {
            Assert.Equal(CommandStatus.Pending, (await Commands.GetAsync(id))!.Status);
            Assert.Equal(1, await Drain.DrainOnceAsync(CancellationToken.None));
            _central.Time.Advance(Visibility + TimeSpan.FromSeconds(1));
        }

        var command = (await Commands.GetAsync(id))!;
        Assert.Equal(CommandStatus.Failed, command.Status);
        Assert.Contains("failed 5 times", command.Result, StringComparison.Ordinal);
        Assert.Contains("injected: the store is unavailable", command.Result, StringComparison.Ordinal);
        var poisoned = Assert.Single(await Queue.PeekPoisonAsync(10));
        Assert.Equal(id, DispatchMessage.Parse(poisoned.Body, out _)!.CommandId);
        Assert.Equal(0, await Drain.DrainOnceAsync(CancellationToken.None));
        Assert.Empty(_central.Methods.Calls);
    }

    [Fact]
    public async Task Drain_NotADispatchMessage_PoisonedAtOnce()
    {
        await Queue.EnqueueAsync("""{"kind":"selfDestruct"}""");

        await Drain.DrainOnceAsync(CancellationToken.None);

        var poisoned = Assert.Single(await Queue.PeekPoisonAsync(10));
        Assert.Contains("Unknown message kind", poisoned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_SentCommandDeliveredAgain_IsSentAgainAndCompletes()
    {
        // The first dispatcher marked it sent and was lost before the module answered; its message came back.
        var id = await SubmitAsync();
        var lost = Assert.Single(await Queue.ReceiveAsync(32, Visibility));
        await Commands.UpdateAsync((await Commands.GetAsync(id))! with { Status = CommandStatus.Sent, SentAt = _central.Time.GetUtcNow() });
        _central.Time.Advance(Visibility + TimeSpan.FromSeconds(1));

        await Drain.DrainOnceAsync(CancellationToken.None);

        Assert.Equal(2, lost.DequeueCount + 1);
        Assert.Equal(CommandStatus.Succeeded, (await Commands.GetAsync(id))!.Status);
        Assert.Single(_central.Methods.Calls);
    }

    [Fact]
    public async Task Drain_ResyncFromIngest_SendsTheResyncMethod()
    {
        await Queue.EnqueueAsync(DispatchMessage.Resync(Server, 7, "gap").ToJson());

        await Drain.DrainOnceAsync(CancellationToken.None);

        var call = Assert.Single(_central.Methods.Calls);
        Assert.Equal((Server, "resync"), (call.DeviceId, call.MethodName));
        Assert.Contains("\"fromSeq\":7", call.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_MessageDeliveredPastTheLimitWithoutAnOutcome_PoisonedWithoutRunning()
    {
        // Each delivery ended the process before any outcome (a poison pill): the drain never saw it fail.
        var id = await SubmitAsync();
        for (var delivery = 1; delivery <= DispatchOptions.DefaultMaxDequeueCount; delivery++)
        {
            Assert.Single(await Queue.ReceiveAsync(32, Visibility));
            _central.Time.Advance(Visibility + TimeSpan.FromSeconds(1));
        }

        await Drain.DrainOnceAsync(CancellationToken.None);

        var command = (await Commands.GetAsync(id))!;
        Assert.Equal(CommandStatus.Failed, command.Status);
        Assert.Contains("Delivered 6 times without an outcome", command.Result, StringComparison.Ordinal);
        Assert.Empty(_central.Methods.Calls);
    }

    [Fact]
    public async Task Rescan_PendingWhoseMessageWasLost_IsQueuedAgainAndThenCompletes()
    {
        var id = await SubmitAsync();
        var lost = Assert.Single(await Queue.ReceiveAsync(32, Visibility));
        await Queue.CompleteAsync(lost); // the message is gone, the command still pending
        var options = _central.Get<Microsoft.Extensions.Options.IOptions<DispatchOptions>>().Value;

        var early = await _central.Get<CommandRescanner>().RescanOnceAsync();
        _central.Time.Advance(options.RequeueAfter + TimeSpan.FromSeconds(1));
        var late = await _central.Get<CommandRescanner>().RescanOnceAsync();
        await Drain.DrainOnceAsync(CancellationToken.None);

        Assert.Equal(new RescanResult(0, 0), early);
        Assert.Equal(new RescanResult(1, 0), late);
        Assert.Equal(CommandStatus.Succeeded, (await Commands.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task Drain_ModuleAnswers202_CommandWaitsThenTheRescanAsksAgainAndItEndsWithTheVerdict()
    {
        var answers = new Queue<(int Status, string Message)>([(202, "will be configured when it shows up"), (202, "still waiting"), (200, "applied when it showed up")]);
        _central.Methods.Responder = _ =>
        {
            var (status, message) = answers.Dequeue();
            return new DirectMethodOutcome(DirectMethodStatus.Answered, status, $$"""{"ok":true,"message":"{{message}}"}""", null);
        };
        var id = await SubmitAsync();
        var options = _central.Get<Microsoft.Extensions.Options.IOptions<DispatchOptions>>().Value;

        await Drain.DrainOnceAsync(CancellationToken.None);
        var waiting = (await Commands.GetAsync(id))!;
        var early = await _central.Get<CommandRescanner>().RescanOnceAsync();
        _central.Time.Advance(options.WaitingRecheck);
        var asked = await _central.Get<CommandRescanner>().RescanOnceAsync();
        await Drain.DrainOnceAsync(CancellationToken.None);
        var stillWaiting = (await Commands.GetAsync(id))!;
        _central.Time.Advance(options.WaitingRecheck);
        await _central.Get<CommandRescanner>().RescanOnceAsync();
        await Drain.DrainOnceAsync(CancellationToken.None);

        Assert.Equal((CommandStatus.Waiting, "will be configured when it shows up", null), (waiting.Status, waiting.Result, waiting.CompletedAt));
        Assert.Equal((new RescanResult(0, 0), new RescanResult(1, 0)), (early, asked));
        Assert.Equal((CommandStatus.Waiting, "still waiting"), (stillWaiting.Status, stillWaiting.Result));
        var done = (await Commands.GetAsync(id))!;
        Assert.Equal((CommandStatus.Succeeded, "applied when it showed up"), (done.Status, done.Result));
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(3, _central.Methods.Calls.Count);
    }

    [Theory]
    [InlineData(CommandStatus.Pending, "Not dispatched within the command's deadline of 10 min.")]
    [InlineData(CommandStatus.Sent, "No outcome within the command's deadline of 10 min")]
    [InlineData(CommandStatus.Waiting, "No verdict from the equipment within the command's deadline of 10 min")]
    public async Task Rescan_PastTheDeadline_TimedOutWithTheReason(string status, string reason)
    {
        var id = await SubmitAsync();
        await Commands.UpdateAsync((await Commands.GetAsync(id))! with { Status = status });
        _central.Time.Advance(TimeSpan.FromMinutes(10));

        var result = await _central.Get<CommandRescanner>().RescanOnceAsync();

        Assert.Equal(new RescanResult(0, 1), result);
        var command = (await Commands.GetAsync(id))!;
        Assert.Equal(CommandStatus.TimedOut, command.Status);
        Assert.StartsWith(reason, command.Result, StringComparison.Ordinal);
        await Drain.DrainOnceAsync(CancellationToken.None); // its message, still queued, sends nothing now
        Assert.Empty(_central.Methods.Calls);
    }

    private async Task<string> SubmitAsync()
    {
        var result = await _central.Get<CommandService>().SubmitAsync(
            new CommandSubmission("srv-01.sw1", CommandActions.Reboot, null, null, null, null, null), TenantScope.Everything, "tester");
        return result.Command!.CommandId;
    }
}
