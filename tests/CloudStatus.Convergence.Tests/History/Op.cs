using System.Globalization;
using CloudStatus.Core.Model;

namespace CloudStatus.Convergence.Tests.History;

/// <summary>One step of a history; <see cref="Arg"/> is a producer index, a number of seconds or a seed, per <see cref="Kind"/>.</summary>
public sealed record Op(OpKind Kind, int Arg = 0, Health Health = Health.Unknown)
{
    public static Op Pump { get; } = new(OpKind.Pump);
    public static Op Heartbeat { get; } = new(OpKind.Heartbeat);
    public static Op AsyncWrite { get; } = new(OpKind.AsyncWrite);
    public static Op PeriodicWrite { get; } = new(OpKind.PeriodicWrite);
    public static Op SilenceCheck { get; } = new(OpKind.SilenceCheck);
    public static Op Purge { get; } = new(OpKind.Purge);
    public static Op Deliver { get; } = new(OpKind.Deliver);
    public static Op DeliverReversed { get; } = new(OpKind.DeliverReversed);
    public static Op Drop { get; } = new(OpKind.Drop);
    public static Op LinkDown { get; } = new(OpKind.LinkDown);
    public static Op LinkUp { get; } = new(OpKind.LinkUp);
    public static Op RestartEdge { get; } = new(OpKind.RestartEdge);
    public static Op WipeEdge { get; } = new(OpKind.WipeEdge);
    public static Op RestartCentral { get; } = new(OpKind.RestartCentral);

    public static Op Observe(int producer, Health health) => new(OpKind.Observe, producer, health);

    public static Op Reboot(int producer) => new(OpKind.Reboot, producer);

    public static Op Flap(int producer) => new(OpKind.Flap, producer);

    public static Op Delete(int producer) => new(OpKind.Delete, producer);

    public static Op Wait(int seconds) => new(OpKind.Wait, seconds);

    public static Op Mangle(int seed) => new(OpKind.Mangle, seed);

    public override string ToString() => Kind switch
    {
        OpKind.Observe => string.Create(CultureInfo.InvariantCulture, $"p{Arg}={Health}"),
        OpKind.Reboot => string.Create(CultureInfo.InvariantCulture, $"p{Arg} reboots"),
        OpKind.Flap => string.Create(CultureInfo.InvariantCulture, $"p{Arg} flaps"),
        OpKind.Delete => string.Create(CultureInfo.InvariantCulture, $"delete p{Arg}"),
        OpKind.Wait => string.Create(CultureInfo.InvariantCulture, $"wait {Arg}s"),
        OpKind.Mangle => string.Create(CultureInfo.InvariantCulture, $"mangle#{Arg}"),
        _ => Kind.ToString(),
    };
}
