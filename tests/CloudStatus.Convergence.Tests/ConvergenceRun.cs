using System.Globalization;
using System.Text.Json;
using CloudStatus.Convergence.Tests.History;
using CloudStatus.Convergence.Tests.Support;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Convergence.Tests;

/// <summary>
/// Plays a <see cref="ConvergenceHistory"/> on the real edge and the real ingest joined by a <see cref="LossyLink"/>,
/// then lets the edge's heartbeat tick and central's resync requests run over a now reliable link until central has
/// nothing more to ask (at most <see cref="MaxRounds"/> heartbeat intervals); <see cref="ConvergenceAssert"/> then
/// compares both sides.
/// </summary>
internal sealed class ConvergenceRun : IAsyncDisposable
{
    public const int MaxRounds = 8;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    // Past central's resync cooldown (30 s), so no request of a round is throttled.
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(31);

    private readonly TempDirectory _directory = new("convergence");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LossyLink _link = new();
    private readonly Dictionary<string, (string Epoch, long Seq)> _seenAtCentral = new(StringComparer.Ordinal);
    private EdgeServer _edge = null!;
    private CentralServer _central = null!;
    private int _commands;
    private int _reports;
    private int _deltasDelivered;

    private ConvergenceRun()
    {
    }

    /// <summary>Plays the history and asserts convergence; returns how many delta records central was handed.</summary>
    public static async Task<int> AssertConvergesAsync(ConvergenceHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        await using var run = new ConvergenceRun();
        run._edge = await EdgeServer.StartAsync(run._directory.CreateSub("edge"), run._time, run._link);
        run._central = new CentralServer(run._directory.CreateSub("central"), run._time, new EdgeDirectMethods(() => run._edge.Commands, run._link));
        foreach (var op in history.Ops)
        {
            await run.StepAsync(op);
            run._time.Advance(Step);
        }

        var rounds = await run.SettleAsync(history.LinkSeed);
        Assert.True(rounds <= MaxRounds, $"Central still asked for a resync after {MaxRounds} heartbeat intervals.");
        await ConvergenceAssert.SameAsync(run._edge.Heap, run._central);
        return run._deltasDelivered;
    }

    public async ValueTask DisposeAsync()
    {
        if (_central is not null)
        {
            await _central.DisposeAsync();
        }

        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }

        _directory.Dispose();
    }

    private async Task StepAsync(Op op)
    {
        switch (op.Kind)
        {
            case OpKind.Observe:
                Post(op.Arg, op.Health);
                break;
            case OpKind.Reboot:
                Post(op.Arg, Health.Online, ObservationEvents.Reboot);
                break;
            case OpKind.Flap:
                foreach (var health in (Health[])[Health.Offline, Health.Online, Health.Offline, Health.Online])
                {
                    Post(op.Arg, health);
                }

                break;
            case OpKind.Delete:
                await DeleteAsync(op.Arg);
                break;
            case OpKind.AsyncWrite:
                await _edge.Management.RunAsyncWritesAsync();
                break;
            case OpKind.PeriodicWrite:
                await _edge.Management.RunPeriodicWriteAsync();
                break;
            case OpKind.SilenceCheck:
                await _edge.Management.CheckSilenceAsync();
                break;
            case OpKind.Pump:
                await _edge.Upstream.PumpAsync();
                break;
            case OpKind.Heartbeat:
                await _edge.Upstream.RunHeartbeatTickAsync();
                break;
            case OpKind.Purge:
                await _edge.Heap.PurgeTombstonesAsync();
                break;
            case OpKind.Wait:
                _time.Advance(TimeSpan.FromSeconds(op.Arg));
                break;
            case OpKind.Deliver:
                await DeliverAsync(_link.TakeAll());
                await DispatchResyncsAsync(random: null);
                break;
            case OpKind.DeliverReversed:
                await DeliverAsync([.. _link.TakeAll().Reverse()]);
                await DispatchResyncsAsync(random: null);
                break;
            case OpKind.Mangle:
                var random = new Random(op.Arg);
                await DeliverAsync(_link.TakeMangled(random));
                await DispatchResyncsAsync(random);
                break;
            case OpKind.Drop:
                _link.DropNewest();
                break;
            case OpKind.LinkDown:
                _link.IsConnected = false;
                break;
            case OpKind.LinkUp:
                _link.IsConnected = true;
                break;
            case OpKind.RestartEdge:
                await _edge.RestartAsync();
                break;
            case OpKind.WipeEdge:
                await _edge.WipeAsync();
                break;
            case OpKind.RestartCentral:
                await _central.RestartAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown step.");
        }
    }

    /// <summary>
    /// The end of the history: the link comes back, the edge writes what it buffered and pumps, the link mangles what is
    /// in flight once more; then heartbeat intervals over a reliable link until one passes with a heartbeat sent and no
    /// resync asked for. Returns the number of intervals that took.
    /// </summary>
    private async Task<int> SettleAsync(int linkSeed)
    {
        _link.IsConnected = true;
        await _edge.Management.RunAsyncWritesAsync();
        await _edge.Management.RunPeriodicWriteAsync();
        await _edge.Upstream.PumpAsync();
        var random = new Random(linkSeed);
        await DeliverAsync(_link.TakeMangled(random));
        await DispatchResyncsAsync(random);

        for (var round = 1; round <= MaxRounds + 1; round++)
        {
            _time.Advance(Round);
            var heartbeat = await _edge.Upstream.RunHeartbeatTickAsync();
            await DeliverAsync(_link.TakeAll());
            var requests = await DispatchResyncsAsync(random: null);
            if (heartbeat && requests == 0)
            {
                return round;
            }
        }

        return MaxRounds + 1;
    }

    // Producers report a state that changes with most reports (one member of three), so the uplink sends deltas
    // (docs/wire-format.md) and a lost base, a reordered delta or a restart must all heal; a periodic observation's
    // change in state alone is a write too.
    private void Post(int producer, Health health, string? evt = null) =>
        _edge.Intake.Post(new Observation(
            Producers.Id(producer), Producers.Kind(producer), Producers.Parent(producer), health,
            State: string.Create(CultureInfo.InvariantCulture, $$"""{"firmware":"4.2.{{producer}}","calls":{{_reports++ % 3}},"channels":23}"""),
            Event: evt));

    private async Task DeleteAsync(int producer)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new ProducerCommandRequest { CommandId = "cmd-" + ++_commands, ProducerId = Producers.Id(producer) },
            MethodJsonContext.Default.ProducerCommandRequest);
        var response = await _edge.Commands.HandleAsync(DirectMethodNames.Delete, payload);
        Assert.True(response.Status is 200 or 404, $"delete p{producer} answered {response.Status}");
    }

    private async Task DeliverAsync(IReadOnlyList<OutboundMessage> messages)
    {
        foreach (var message in messages)
        {
            _deltasDelivered += BatchCodec.Decode(message.Body, message.ContentEncoding).Records.Count(r => r.IsDelta);
            var outcome = await _central.ApplyAsync(message);
            Assert.Null(outcome.DeadLetterReason);
            await ConvergenceAssert.NeverBackwardsAsync(_central, _seenAtCentral, $"a {message.Properties[WireConstants.KindProperty]} batch");
        }
    }

    /// <summary>Sends central's queued resync requests to the edge (each lost 1 in 5 when <paramref name="random"/> is given); returns how many there were.</summary>
    private async Task<int> DispatchResyncsAsync(Random? random)
    {
        var requests = await _central.DrainResyncsAsync();
        foreach (var request in requests)
        {
            if (random is null || random.Next(5) > 0)
            {
                await _central.DispatchAsync(request);
            }
        }

        return requests.Count;
    }
}
