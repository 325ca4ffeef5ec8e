using CloudStatus.Core.Model;

namespace CloudStatus.Fleet;

/// <summary>
/// A simulated switch as its management API shows it; <see cref="Answers"/> is false while it reboots or is dark.
/// <see cref="Peers"/> are the switches it checks (the site's, on any server), <see cref="Reachable"/> the ones it reaches.
/// <see cref="Mac"/> and <see cref="Ip"/> are the addresses it tells (the IP is its simulated LAN address, not the
/// loopback port it is reached on).
/// </summary>
public sealed record SwitchView(
    string SwitchId,
    bool Answers,
    bool Hung,
    Health Health,
    string Firmware,
    int BootCount,
    int Load,
    string? Config,
    IReadOnlySet<string> Reachable,
    IReadOnlySet<string> Peers,
    string Mac,
    string Ip);
