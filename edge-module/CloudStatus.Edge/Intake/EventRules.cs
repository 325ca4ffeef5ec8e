namespace CloudStatus.Edge.Intake;

/// <summary>
/// The event rules (E4) of every producer kind, resolved once from <see cref="EventRuleOptions"/>. With the default
/// options ("now" is an async write between periods, "period" the next periodic write):
/// <code>
/// kind                      reboot  appeared  delete  health change  flapping  MAC/IP change  must keep reporting
/// switch, localService      now     now       now     now            now       now            yes
/// server, fan, trunk        now     now       now     now            now       now            no
/// device, port, any other   now     now       now     period         period    now            no
/// </code>
/// A device's health changes and flaps are the chatter the filter exists to hold back: they travel with the period.
/// State and configuration changes always wait for the period; a MAC or IP change does not (docs/adr/0175).
/// </summary>
internal sealed class EventRules
{
    private readonly Dictionary<string, KindEventRules> _listed = new(StringComparer.Ordinal);
    private readonly KindEventRules _unlisted;

    public EventRules(EventRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _unlisted = new KindEventRules(options.Reboot, options.Add, options.Delete, HealthChange: false, Flapping: false, MustKeepReporting: false, options.IdentityChange);
        var healthChange = options.EffectiveHealthChangeKinds;
        var flapping = options.EffectiveFlappingKinds;
        var silent = options.EffectiveSilentKinds;
        foreach (var kind in healthChange.Concat(flapping).Concat(silent))
        {
            _listed[kind] = _unlisted with
            {
                HealthChange = options.HealthChange && healthChange.Contains(kind, StringComparer.Ordinal),
                Flapping = options.Flapping && flapping.Contains(kind, StringComparer.Ordinal),
                MustKeepReporting = silent.Contains(kind, StringComparer.Ordinal),
            };
        }
    }

    /// <summary>The rules of producers of <paramref name="kind"/>. Allocation-free.</summary>
    public KindEventRules For(string kind) => _listed.TryGetValue(kind, out var rules) ? rules : _unlisted;
}
