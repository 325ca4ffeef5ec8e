using CloudStatus.Core.Model;
using FsCheck;
using FsCheck.Fluent;

namespace CloudStatus.Convergence.Tests.History;

/// <summary>Random histories of up to 60 steps over <see cref="Producers.Count"/> producers, and their shrinks.</summary>
public static class HistoryArbitrary
{
    public const int MaxOps = 60;

    public static Arbitrary<ConvergenceHistory> Histories()
    {
        var producer = Gen.Choose(0, Producers.Count - 1);
        var seed = Gen.Choose(0, 9999);
        var op = Gen.Frequency(
            (32, Gen.Zip(producer, Gen.Elements(Health.Online, Health.Degraded, Health.Offline)).Select(t => Op.Observe(t.Item1, t.Item2))),
            (2, producer.Select(Op.Reboot)),
            (2, producer.Select(Op.Flap)),
            (6, producer.Select(Op.Delete)),
            (8, Gen.Constant(Op.AsyncWrite)),
            (8, Gen.Constant(Op.PeriodicWrite)),
            (2, Gen.Constant(Op.SilenceCheck)),
            (10, Gen.Constant(Op.Pump)),
            (6, Gen.Constant(Op.Heartbeat)),
            (4, Gen.Constant(Op.Purge)),
            (4, Gen.Elements(5, 31, 100).Select(Op.Wait)),
            (4, Gen.Constant(Op.Deliver)),
            (1, Gen.Constant(Op.DeliverReversed)),
            (8, seed.Select(Op.Mangle)),
            (2, Gen.Constant(Op.Drop)),
            (1, Gen.Constant(Op.LinkDown)),
            (2, Gen.Constant(Op.LinkUp)),
            (2, Gen.Constant(Op.RestartEdge)),
            (1, Gen.Constant(Op.WipeEdge)),
            (2, Gen.Constant(Op.RestartCentral)));
        var history = Gen.Zip(Gen.ListOf(op).Resize(MaxOps), seed)
            .Select(t => new ConvergenceHistory([.. t.Item1], t.Item2));
        return Arb.From(history, Shrink);
    }

    /// <summary>
    /// Smaller histories first (halves, then one step less), then simpler steps: a mangled delivery becomes an
    /// orderly one, a long wait a short one, a degraded health a plain one.
    /// </summary>
    public static IEnumerable<ConvergenceHistory> Shrink(ConvergenceHistory history)
    {
        var ops = history.Ops;
        if (ops.Count > 1)
        {
            yield return history with { Ops = [.. ops.Take(ops.Count / 2)] };
            yield return history with { Ops = [.. ops.Skip(ops.Count / 2)] };
        }

        for (var i = ops.Count - 1; i >= 0; i--)
        {
            yield return history with { Ops = [.. ops.Take(i), .. ops.Skip(i + 1)] };
        }

        for (var i = 0; i < ops.Count; i++)
        {
            if (Simpler(ops[i]) is { } simpler)
            {
                yield return history with { Ops = [.. ops.Take(i), simpler, .. ops.Skip(i + 1)] };
            }
        }

        if (history.LinkSeed != 0)
        {
            yield return history with { LinkSeed = 0 };
        }
    }

    private static Op? Simpler(Op op) => op.Kind switch
    {
        OpKind.Mangle or OpKind.DeliverReversed => Op.Deliver,
        OpKind.Wait when op.Arg > 5 => Op.Wait(5),
        OpKind.Observe when op.Health == Health.Degraded => op with { Health = Health.Offline },
        OpKind.Observe when op.Arg > 0 => op with { Arg = op.Arg - 1 },
        OpKind.Delete or OpKind.Reboot or OpKind.Flap when op.Arg > 0 => op with { Arg = op.Arg - 1 },
        _ => null,
    };
}
