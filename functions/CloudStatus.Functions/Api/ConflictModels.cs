using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Addresses;

namespace CloudStatus.Functions.Api;

/// <summary>
/// An address conflict: what was claimed, by whom, who holds it, and how it was resolved; with policy auto, the
/// address picked for the newcomer and why the last attempt did not finish; <c>handling</c> (auto or manual) with why,
/// and the <c>address</c> commands that told the site's servers of a readdress (docs/adr/0150).
/// </summary>
internal sealed record ConflictDto(
    string ConflictId,
    string TenantId,
    string SiteId,
    string Kind,
    string Address,
    string? Network,
    ProducerRefDto Newcomer,
    ProducerRefDto? Holder,
    string Source,
    string Reason,
    DateTimeOffset DetectedAt,
    string Status,
    string? NewAddress,
    string? Failure,
    DateTimeOffset? ResolvedAt,
    string? Resolution,
    string? ResolvedBy,
    string Handling,
    string HandlingReason,
    IReadOnlyList<string>? Notices)
{
    /// <param name="c">The conflict.</param>
    /// <param name="options">The sites' policies: whether it is resolved automatically or waits for an operator, and why.</param>
    public static ConflictDto From(AddressConflict c, AddressOptions options)
    {
        var (handling, why) = ConflictHandling.Of(c, options);
        return new(
            c.Id, c.TenantId, c.SiteId, c.Kind, c.Address, c.Network,
            new ProducerRefDto(c.Newcomer.ServerId, c.Newcomer.ProducerId),
            c.Holder is { } h ? new ProducerRefDto(h.ServerId, h.ProducerId) : null,
            c.Claim.Source, c.Reason, c.DetectedAt, c.Status, c.NewAddress, c.Failure, c.ResolvedAt, c.Resolution, c.ResolvedBy,
            handling, why, c.Notices);
    }
}

internal sealed record ProducerRefDto(string ServerId, string ProducerId);

/// <summary>An operator's resolution of a conflict: what was done about it (e.g. "readdressed by hand to 10.1.0.40").</summary>
internal sealed record ResolveConflictDto : IValidatable
{
    public const int MaxResolutionLength = 500;

    public string? Resolution { get; init; }

    public IDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Resolution) || Resolution.Length > MaxResolutionLength)
        {
            errors["resolution"] = [$"Required: 1–{MaxResolutionLength} characters saying how the conflict was resolved."];
        }

        return errors;
    }
}
