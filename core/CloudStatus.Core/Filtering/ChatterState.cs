using CloudStatus.Core.Model;

namespace CloudStatus.Core.Filtering;

/// <summary>
/// The chatter filter's memory of one producer (E5). A plain struct the caller keeps inside its own per-producer
/// slot and passes by reference, so filtering costs no allocation. <c>default</c> means nothing seen yet.
/// Only <see cref="ChatterFilter"/> changes it.
/// </summary>
public struct ChatterState
{
    /// <summary>The most transitions one window counts (the count stops there; thresholds are at most this).</summary>
    public const int MaxTransitions = ushort.MaxValue;

    // Health kept in bytes and the count in 16 bits: this struct sits in every producer's slot (24 bytes, not 40).
    private byte _latest;
    private byte _effective;
    private byte _windowBase;
    private ushort _transitions;

    /// <summary>At least one observation was made.</summary>
    internal bool Seen;

    /// <summary>The transition count reached the threshold and no full quiet window has passed since.</summary>
    internal bool Flapping;

    /// <summary>Time of the transition that opened the current counting window.</summary>
    internal long WindowStartMs;

    /// <summary>Time of the latest transition.</summary>
    internal long LastTransitionMs;

    /// <summary>The health most recently observed.</summary>
    internal Health Latest
    {
        readonly get => (Health)_latest;
        set => _latest = (byte)value;
    }

    /// <summary>The effective health: follows <see cref="Latest"/> while stable, held while flapping.</summary>
    internal Health Effective
    {
        readonly get => (Health)_effective;
        set => _effective = (byte)value;
    }

    /// <summary>The health before the first transition of the current counting window (what flapping holds).</summary>
    internal Health WindowBase
    {
        readonly get => (Health)_windowBase;
        set => _windowBase = (byte)value;
    }

    /// <summary>Transitions counted since <see cref="WindowStartMs"/>, up to <see cref="MaxTransitions"/>.</summary>
    internal int Transitions
    {
        readonly get => _transitions;
        set => _transitions = (ushort)Math.Min(value, MaxTransitions);
    }

    /// <summary>The health most recently observed (<see cref="Health.Unknown"/> before the first observation).</summary>
    public readonly Health LastObserved => Latest;

    /// <summary>Transitions counted in the current window.</summary>
    public readonly int TransitionCount => Transitions;
}
