using CloudStatus.Core.Model;

namespace CloudStatus.Functions.Api;

/// <summary>One event of a member server's local history, tagged with the server (member) it happened on.</summary>
internal sealed record HistoryItemDto(
    string ServerId,
    string EventId,
    string ProducerId,
    string Type,
    Health? Health,
    Health? PreviousHealth,
    DateTimeOffset At,
    string? Detail);

/// <summary>A member server that answered: how many of its events are on this page, and its clock offset as central measured it.</summary>
internal sealed record HistoryMemberDto(string ServerId, int Events, double? ClockOffsetMs);

/// <summary>A member server missing from the result: <c>offline</c>, <c>timeout</c> or <c>error</c>, and what happened.</summary>
internal sealed record UnavailableServerDto(string ServerId, string Reason, string Detail);

/// <summary>
/// One coalesced page of the member servers' local histories over [from, to), ordered by (local time, server id,
/// event number), with its first and last event ids, the members that answered, those that did not, and a
/// continuation for the next page (null when the answering members have nothing more).
/// </summary>
internal sealed record HistoryDto(
    DateTimeOffset From,
    DateTimeOffset To,
    string? Type,
    IReadOnlyList<HistoryItemDto> Items,
    string? FirstEventId,
    string? LastEventId,
    IReadOnlyList<HistoryMemberDto> Members,
    IReadOnlyList<UnavailableServerDto> Unavailable,
    string? Continuation);
