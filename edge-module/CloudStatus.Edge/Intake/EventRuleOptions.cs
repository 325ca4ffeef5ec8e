using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// Which changes the event detector writes at once, between periods (E4). Everything else waits for the periodic
/// write. Kind lists left null use the defaults.
/// </summary>
public sealed record EventRuleOptions
{
    public static readonly IReadOnlyList<string> DefaultHealthChangeKinds =
        [ProducerKind.Switch, ProducerKind.Fan, ProducerKind.Trunk, ProducerKind.LocalService, ProducerKind.Server, ProducerKind.Process];

    public static readonly IReadOnlyList<string> DefaultSilentKinds = [ProducerKind.Switch, ProducerKind.LocalService];

    /// <summary>A producer reporting that it rebooted.</summary>
    public bool Reboot { get; set; } = true;

    /// <summary>A producer seen for the first time (or one announced by an add command).</summary>
    public bool Add { get; set; } = true;

    /// <summary>A producer reporting its deletion.</summary>
    public bool Delete { get; set; } = true;

    /// <summary>
    /// A producer's MAC or IP became known or changed after it appeared: written at once (no event on the record), so
    /// central's address journal sees a conflict within one period (docs/adr/0175).
    /// </summary>
    public bool IdentityChange { get; set; } = true;

    /// <summary>A change of (filtered) health of a producer of one of <see cref="HealthChangeKinds"/>.</summary>
    public bool HealthChange { get; set; } = true;

    /// <summary>Kinds whose health changes are async (null = switch, fan, trunk, localService, server, process).</summary>
    public IReadOnlyList<string>? HealthChangeKinds { get; set; }

    /// <summary>A producer that must keep reporting fell silent (it and everything under it go offline), or is heard again.</summary>
    public bool Silent { get; set; } = true;

    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Kinds that must keep reporting (null = switch, localService).</summary>
    public IReadOnlyList<string>? SilentKinds { get; set; }

    /// <summary>A producer of one of <see cref="FlappingKinds"/> starting or stopping to flap (chatter filter, E5).</summary>
    public bool Flapping { get; set; } = true;

    /// <summary>
    /// Kinds whose flapping start and stop are async (null = <see cref="EffectiveHealthChangeKinds"/>). A device's
    /// flapping is the chatter the filter exists to hold back: by default it travels with the next periodic write.
    /// </summary>
    public IReadOnlyList<string>? FlappingKinds { get; set; }

    public IReadOnlyList<string> EffectiveHealthChangeKinds => HealthChangeKinds ?? DefaultHealthChangeKinds;

    public IReadOnlyList<string> EffectiveSilentKinds => SilentKinds ?? DefaultSilentKinds;

    public IReadOnlyList<string> EffectiveFlappingKinds => FlappingKinds ?? EffectiveHealthChangeKinds;

    public IEnumerable<string> Validate()
    {
        if (SilenceTimeout <= TimeSpan.Zero)
        {
            yield return "Rules.SilenceTimeout must be positive.";
        }

        foreach (var kind in EffectiveHealthChangeKinds.Concat(EffectiveSilentKinds).Concat(EffectiveFlappingKinds))
        {
            if (string.IsNullOrWhiteSpace(kind))
            {
                yield return "Rules kind lists must not contain empty kinds.";
                break;
            }
        }
    }
}
