using CloudStatus.Fleet.Sip;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// One simulated server's phones and trunks on SIP: the socket that answers for them, the ones it was started with
/// (id, kind, parent), and the qualify cadence its edge node (and, with <c>--pairs</c>, its partner's) is given for them
/// through the twin's equipment section.
/// </summary>
internal sealed record DevSipPhones(
    FleetSipResponder Responder, IReadOnlyList<(string Id, string Kind, string ParentId)> Targets, TimeSpan Interval, TimeSpan Timeout);
