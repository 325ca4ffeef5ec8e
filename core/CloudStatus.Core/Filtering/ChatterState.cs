using CloudStatus.Core.Model;

namespace CloudStatus.Core.Filtering;

/// <summary>
/// The chatter filter's memory of one producer (E5). A plain struct the caller keeps inside its own per-producer
/// slot and passes by reference, so filtering costs no allocation. <c>default</c> means nothing seen yet.
/// Only <see cref="ChatterFilter"/> changes it.
/// </summary>
public struct ChatterState
{
    /// <summary>At least one observation was made.</summary>
    internal bool Seen;

    /// <summary>The transition count reached the threshold and no full quiet window has passed since.</summary>
    internal bool Flapping;

    /// <summary>The health most recently observed.</summary>
    internal Health Latest;

    /// <summary>The effective health: follows <see cref="Latest"/> while stable, held while flapping.</summary>
    internal Health Effective;

    /// <summary>The health before the first transition of the current counting window (what flapping holds).</summary>
    internal Health WindowBase;

    /// <summary>Transitions counted since <see cref="WindowStartMs"/>.</summary>
    internal int Transitions;

    /// <summary>Time of the transition that opened the current counting window.</summary>
    internal long WindowStartMs;

    /// <summary>Time of the latest transition.</summary>
    internal long LastTransitionMs;

    /// <summary>The health most recently observed (<see cref="Health.Unknown"/> before the first observation).</summary>
    public readonly Health LastObserved => Latest;

    /// <summary>Transitions counted in the current window.</summary>
    public readonly int TransitionCount => Transitions;
}
