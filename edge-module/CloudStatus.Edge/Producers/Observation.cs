using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers;

/// <summary>
/// One report from a producer (E1): its identity in the hierarchy, the health it reports and, optionally, its state
/// and configuration as raw JSON object text. A null <see cref="State"/> or <see cref="Config"/> means "not reported"
/// and keeps the last known value. <see cref="Event"/> is null, <see cref="ObservationEvents.Reboot"/> or
/// <see cref="ObservationEvents.Delete"/>. <see cref="Mac"/> and <see cref="Ip"/> are its network identity when known, in
/// their normalized forms (<see cref="MacAddress"/>, <see cref="IpAddressText"/>); null keeps the last known value.
/// </summary>
public readonly record struct Observation(
    string ProducerId,
    string Kind,
    string? ParentId,
    Health Health,
    string? State = null,
    string? Config = null,
    string? Event = null,
    string? Mac = null,
    string? Ip = null);
