using CloudStatus.Fleet.Sip;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// One simulated server's phones on SIP: the socket that answers for them, the phones it was started with, and the
/// qualify cadence its edge node is given for them through the twin's equipment section.
/// </summary>
internal sealed record DevSipPhones(
    FleetSipResponder Responder, IReadOnlyList<(string Id, string ParentId)> Phones, TimeSpan Interval, TimeSpan Timeout);
