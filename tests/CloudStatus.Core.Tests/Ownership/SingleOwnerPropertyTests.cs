using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Core.Ownership;
using FsCheck;
using FsCheck.Fluent;

namespace CloudStatus.Core.Tests.Ownership;

/// <summary>
/// The single-owner invariant over random kill/return/partition schedules of a primary/peer pair, with central
/// arbitrating by <see cref="LeaseArbiter"/> alone (the store-backed run is in the Functions tests).
/// </summary>
public sealed class SingleOwnerPropertyTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Suspect = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Holdoff = TimeSpan.FromSeconds(15);

    internal enum Step { Kill, Return, CutLan, HealLan, Tick }

    private static Gen<(Step Step, int Seconds)[]> Schedules() =>
        Gen.Zip(Gen.Elements(Step.Kill, Step.Return, Step.CutLan, Step.HealLan, Step.Tick, Step.Tick, Step.Tick), Gen.Choose(1, 20))
            .ArrayOf().Select(a => a.Take(80).ToArray());

    [Fact]
    public void Schedule_AnyKillReturnPartition_OneWriterPerTokenAndTokensNeverGoBack()
    {
        Prop.ForAll(Schedules().ToArbitrary(), schedule =>
        {
            var run = Run(schedule);
            var writersPerToken = run.Admitted.GroupBy(w => w.Token).All(g => g.Select(w => w.Sender).Distinct().Count() == 1);
            var ordered = run.Admitted.Zip(run.Admitted.Skip(1)).All(p => p.First.Token <= p.Second.Token);
            return writersPerToken && ordered && run.OwnersAlwaysOne;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Schedule_PrimaryKilledAndReturned_TakenOverThenHandedBack()
    {
        var run = Run([(Step.Tick, 5), (Step.Kill, 1), (Step.Tick, 20), (Step.Tick, 20), (Step.Return, 1), (Step.Tick, 10), (Step.Tick, 10), (Step.Tick, 10)]);

        Assert.Equal((1L, 1L, "srv-a", 3L), (run.Lease.Takeovers, run.Lease.Handbacks, run.Lease.HolderId, run.Lease.Token));
        Assert.Contains(run.Admitted, w => w is { Sender: "srv-b", Token: 2 });
        Assert.True(run.Refused > 0); // the primary's first batches after its return, and the peer's after handback
    }

    [Fact]
    public void Schedule_LanCutWhileBothReachCentral_NoTakeover()
    {
        var run = Run([(Step.CutLan, 1), (Step.Tick, 20), (Step.Tick, 20), (Step.Tick, 20)]);

        Assert.Equal(0, run.Lease.Takeovers);
        Assert.All(run.Admitted, w => Assert.Equal("srv-a", w.Sender));
    }

    private sealed record Write(string Sender, long Token);

    private sealed record Outcome(Lease Lease, List<Write> Admitted, int Refused, bool OwnersAlwaysOne);

    /// <summary>
    /// Plays a schedule: every tick the live servers report, the peer reports a loss it sees over the LAN, central
    /// admits or refuses each write and sweeps. A server learns a token only from central (a refusal drops it).
    /// </summary>
    private static Outcome Run(IEnumerable<(Step Step, int Seconds)> schedule)
    {
        var now = Start;
        var lease = LeaseArbiter.Create("t", "srv-a", "srv-b", now);
        var primaryUp = true;
        var lanUp = true;
        DateTimeOffset? primaryHeard = now;
        long? primaryToken = 1;
        long? peerToken = null;
        var admitted = new List<Write>();
        var refused = 0;
        var ownersAlwaysOne = true;
        var rows = new Dictionary<string, ProducerState>(StringComparer.Ordinal);

        void Write(string sender, long? token)
        {
            if (LeaseArbiter.Admit(lease, sender, token) != FenceRefusal.None)
            {
                refused++;
                if (sender == "srv-b")
                {
                    peerToken = null;
                }

                return;
            }

            admitted.Add(new Write(sender, token ?? lease.Token));
            rows[sender] = new ProducerState
            {
                TenantId = "t", ServerId = sender, ProducerId = "p1", Kind = ProducerKind.Device, Epoch = "e", Seq = admitted.Count,
                Health = Health.Online, LocalTimestamp = now, CentralTimestamp = now,
            };
        }

        foreach (var (step, seconds) in schedule)
        {
            switch (step)
            {
                case Step.Kill:
                    primaryUp = false;
                    primaryToken = null;
                    break;
                case Step.Return:
                    primaryUp = true;
                    break;
                case Step.CutLan:
                    lanUp = false;
                    break;
                case Step.HealLan:
                    lanUp = true;
                    break;
                default:
                    now += TimeSpan.FromSeconds(seconds);
                    if (primaryUp)
                    {
                        Write("srv-a", primaryToken);
                        primaryHeard = now;
                        var heard = LeaseArbiter.PrimaryHeard(lease, now, Holdoff);
                        lease = heard.Lease;
                        if (heard.Change == LeaseChange.HandedBack)
                        {
                            primaryToken = lease.Token; // central's full-resync request carries the new token
                        }
                    }

                    if (!primaryUp || !lanUp)
                    {
                        lease = LeaseArbiter.PeerReportedLoss(lease, now, primaryHeard, Suspect).Lease;
                    }

                    if (lease.HolderId == "srv-b" && peerToken is null)
                    {
                        peerToken = lease.Token; // granted: central tells the peer
                    }

                    if (peerToken is not null)
                    {
                        Write("srv-b", peerToken);
                    }

                    if (primaryHeard is { } h && now - h > Timeout)
                    {
                        lease = LeaseArbiter.PrimaryLost(lease, now, LossSignals.HeartbeatSweep).Lease;
                    }

                    ownersAlwaysOne &= ProducerOwners.Resolve(rows.Values, [lease]).Count == (rows.Count == 0 ? 0 : 1);
                    break;
            }
        }

        return new Outcome(lease, admitted, refused, ownersAlwaysOne);
    }
}
