using CloudStatus.Edge.Producers.Reachability;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The equipment section's <c>sip</c>, <c>tcp</c> and <c>icmp</c> entries as the loops that check them: one SIP
/// qualify loop over one socket for every <c>sip</c> entry (paced and rate-limited across them, so they share one
/// interval and timeout) and one reachability loop for every <c>tcp</c> and <c>icmp</c> entry (likewise).
/// </summary>
internal static class EquipmentProbes
{
    /// <summary>The qualify options of the section's <c>sip</c> entries; null when there are none.</summary>
    public static SipQualifyOptions? Sip(IReadOnlyDictionary<string, EquipmentOptions> equipment)
    {
        var entries = Of(equipment, EquipmentAdapters.Sip);
        return entries.Count == 0 ? null : new SipQualifyOptions
        {
            Interval = entries[0].Interval,
            Timeout = entries[0].Timeout,
            Targets = [.. entries.Select(e => new SipQualifyTarget { ProducerId = e.ProducerId, Kind = e.Kind, ParentId = e.ParentId, Uri = e.Url!.OriginalString })],
        };
    }

    /// <summary>The reachability options of the section's <c>tcp</c> and <c>icmp</c> entries; null when there are none.</summary>
    public static ReachabilityOptions? Reachability(IReadOnlyDictionary<string, EquipmentOptions> equipment)
    {
        var entries = Of(equipment, EquipmentAdapters.Tcp, EquipmentAdapters.Icmp);
        return entries.Count == 0 ? null : new ReachabilityOptions
        {
            Interval = entries[0].Interval,
            Timeout = entries[0].Timeout,
            Targets = [.. entries.Select(e => new ReachabilityTarget
            {
                ProducerId = e.ProducerId,
                Kind = e.Kind,
                ParentId = e.ParentId,
                Address = e.Url!.Host.Trim('[', ']'),
                Method = e.Adapter == EquipmentAdapters.Icmp ? ReachabilityMethod.Icmp : ReachabilityMethod.Tcp,
                Port = e.Url.IsDefaultPort ? 0 : e.Url.Port,
            })],
        };
    }

    /// <summary>What the loops would refuse, each sentence naming the section (entries are valid one by one).</summary>
    public static IEnumerable<string> Validate(IReadOnlyDictionary<string, EquipmentOptions> equipment, string path)
    {
        foreach (var (adapters, label) in new[] { ([EquipmentAdapters.Sip], "sip"), (new[] { EquipmentAdapters.Tcp, EquipmentAdapters.Icmp }, "tcp and icmp") })
        {
            var entries = Of(equipment, adapters);
            if (entries.Any(e => e.Interval != entries[0].Interval || e.Timeout != entries[0].Timeout))
            {
                yield return $"{path}: the {label} entries share one checking loop, so they must have the same interval and timeout.";
            }
        }

        foreach (var error in (Sip(equipment)?.Validate() ?? []).Concat(Reachability(equipment)?.Validate() ?? []))
        {
            yield return $"{path}: {error}";
        }
    }

    /// <summary>The loops of a valid section (none when it has no such entries); the SIP loop owns its socket.</summary>
    public static IReadOnlyList<IHostedService> Create(
        IReadOnlyDictionary<string, EquipmentOptions> equipment, IObservationIntake intake, TimeProvider timeProvider, ILoggerFactory loggerFactory, LoopHeartbeats heartbeats)
    {
        var loops = new List<IHostedService>(2);
        if (Sip(equipment) is { } sip)
        {
            loops.Add(new SipQualifyService(
                new SipQualifier(timeProvider, loggerFactory.CreateLogger<SipQualifier>()), intake, Options.Create(sip), timeProvider,
                loggerFactory.CreateLogger<SipQualifyService>(), heartbeats, ownsQualifier: true));
        }

        if (Reachability(equipment) is { } reachability)
        {
            loops.Add(new ReachabilityService(
                new ReachabilityProber(timeProvider), intake, Options.Create(reachability), timeProvider, loggerFactory.CreateLogger<ReachabilityService>(), heartbeats));
        }

        return loops;
    }

    private static List<EquipmentOptions> Of(IReadOnlyDictionary<string, EquipmentOptions> equipment, params string[] adapters) =>
        [.. equipment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value).Where(e => e is not null && adapters.Contains(e.Adapter))];
}
