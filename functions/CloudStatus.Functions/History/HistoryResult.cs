using CloudStatus.Core.Commands;

namespace CloudStatus.Functions.History;

/// <summary>One event of a member server's local history, tagged with that server.</summary>
internal sealed record MemberEvent(string ServerId, HistoryEvent Event);

/// <summary>A member server left out of the result, with a reason code (<see cref="UnavailableReasons"/>) and what happened.</summary>
internal sealed record UnavailableServer(string ServerId, string Reason, string Detail);

/// <summary>
/// One coalesced page: events of every member that answered, ordered by (local time, server id, event number);
/// <see cref="Members"/> the servers that answered (with how many of their events are on this page);
/// <see cref="Continuation"/> null when the answering members have nothing past the page.
/// </summary>
internal sealed record HistoryResult(
    IReadOnlyList<MemberEvent> Events,
    IReadOnlyList<(string ServerId, int Events)> Members,
    IReadOnlyList<UnavailableServer> Unavailable,
    string? Continuation);
