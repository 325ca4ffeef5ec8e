using CloudStatus.Core.Ownership;
using CloudStatus.Functions.Storage;
using FsCheck;
using FsCheck.Fluent;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>
/// The single-owner invariant over random kill/return/partition schedules, on a real lease store: two central
/// instances decide from the same read every tick (one ingesting the primary's batch, one sweeping or hearing the
/// peer's loss report) and race their writes; only the compare-and-swap keeps them honest.
/// </summary>
public abstract class SingleOwnerStoreProperty : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Suspect = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Holdoff = TimeSpan.FromSeconds(15);

    public enum Step { Kill, Return, CutLan, HealLan, Tick }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private protected abstract ILeaseStore Leases { get; }

    /// <summary>How many random schedules to play (each costs store round trips).</summary>
    private protected abstract int Schedules { get; }

    private static Gen<(Step Step, int Seconds)[]> ScheduleGen() =>
        Gen.Zip(Gen.Elements(Step.Kill, Step.Return, Step.CutLan, Step.HealLan, Step.Tick, Step.Tick, Step.Tick), Gen.Choose(1, 20))
            .ArrayOf().Select(a => a.Take(40).ToArray());

    [Fact]
    public async Task RandomSchedules_RacingInstances_OneWriterPerTokenAndEveryHolderChangeGrowsTheToken()
    {
        var schedules = ScheduleGen().Sample(40, Schedules);
        for (var i = 0; i < schedules.Length; i++)
        {
            var failure = await PlayAsync($"pair-{i}", schedules[i]);
            Assert.True(failure is null, $"{failure} in schedule {string.Join(", ", schedules[i].Select(s => $"{s.Step}:{s.Seconds}"))}");
        }
    }

    /// <summary>Plays one schedule on its own pair; returns what broke the invariant, or null.</summary>
    private async Task<string?> PlayAsync(string pair, (Step Step, int Seconds)[] schedule)
    {
        var primary = pair + "-a";
        var peer = pair + "-b";
        var now = Start;
        if (!await Leases.TryWriteAsync(LeaseArbiter.Create("t", primary, peer, now), null))
        {
            return "the first lease was not created";
        }

        var (primaryUp, lanUp) = (true, true);
        DateTimeOffset? heard = now;
        long? primaryToken = 1;
        long? peerToken = null;
        var writers = new Dictionary<long, string>();
        var history = new List<Lease> { (await Leases.GetAsync("t", primary))! };

        async Task<string?> WriteAsync(string sender, long? token)
        {
            var lease = (await Leases.GetAsync("t", primary))!;
            if (LeaseArbiter.Admit(lease, sender, token) != FenceRefusal.None)
            {
                if (sender == peer)
                {
                    peerToken = null;
                }

                return null;
            }

            var effective = token ?? lease.Token;
            return writers.TryAdd(effective, sender) || writers[effective] == sender ? null : $"token {effective} admitted writes of {writers[effective]} and {sender}";
        }

        foreach (var (step, seconds) in schedule)
        {
            switch (step)
            {
                case Step.Kill:
                    (primaryUp, primaryToken) = (false, null);
                    continue;
                case Step.Return:
                    primaryUp = true;
                    continue;
                case Step.CutLan:
                    lanUp = false;
                    continue;
                case Step.HealLan:
                    lanUp = true;
                    continue;
            }

            now += TimeSpan.FromSeconds(seconds);
            if (primaryUp && await WriteAsync(primary, primaryToken) is { } broken)
            {
                return broken;
            }

            // Two instances, one read: instance 1 hears the primary; instance 2, which read the server row before
            // instance 1 wrote it, sweeps or takes the peer's report. Which write lands first varies.
            var read = (await Leases.GetAsync("t", primary))!;
            var heardBefore = heard;
            heard = primaryUp ? now : heard;
            var one = primaryUp ? LeaseArbiter.PrimaryHeard(read, now, Holdoff) : new LeaseTransition(read, LeaseChange.None);
            var two = now - heardBefore > Timeout
                ? LeaseArbiter.PrimaryLost(read, now, LossSignals.HeartbeatSweep)
                : !primaryUp || !lanUp ? LeaseArbiter.PeerReportedLoss(read, now, heardBefore, Suspect) : new LeaseTransition(read, LeaseChange.None);
            var order = seconds % 2 == 0 ? new[] { two, one } : [one, two];
            foreach (var transition in order.Where(t => t.Change != LeaseChange.None))
            {
                if (await Leases.TryWriteAsync(transition.Lease, read.Version))
                {
                    history.Add(transition.Lease);
                    if (transition.Change == LeaseChange.HandedBack)
                    {
                        primaryToken = transition.Lease.Token;
                    }
                }
            }

            var current = (await Leases.GetAsync("t", primary))!;
            if (current.HolderId == peer && peerToken is null)
            {
                peerToken = current.Token;
            }

            if (peerToken is not null && await WriteAsync(peer, peerToken) is { } alsoBroken)
            {
                return alsoBroken;
            }
        }

        foreach (var (before, after) in history.Zip(history.Skip(1)))
        {
            var holderChanged = before.HolderId != after.HolderId;
            if (after.Version != before.Version + 1 || after.Token != before.Token + (holderChanged ? 1 : 0))
            {
                return $"lease went from v{before.Version}/t{before.Token}/{before.HolderId} to v{after.Version}/t{after.Token}/{after.HolderId}";
            }
        }

        var stored = (await Leases.GetAsync("t", primary))!;
        return stored == history[^1] ? null : "the stored lease is not the last one written";
    }
}
