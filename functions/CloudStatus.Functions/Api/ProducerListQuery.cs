using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Mvc;

namespace CloudStatus.Functions.Api;

/// <summary>
/// <c>?kind=&amp;parentId=&amp;health=&amp;stale=&amp;flapping=&amp;deleted=&amp;conflict=</c> of a server's producer listing and export
/// (each optional, all must match), bound as text and validated by <see cref="ValidationFilter"/>.
/// </summary>
internal sealed record ProducerFilterQuery(
    [FromQuery(Name = "kind")] string? Kind,
    [FromQuery(Name = "parentId")] string? ParentId,
    [FromQuery(Name = "health")] string? Health,
    [FromQuery(Name = "stale")] string? Stale,
    [FromQuery(Name = "flapping")] string? Flapping,
    [FromQuery(Name = "deleted")] string? Deleted,
    [FromQuery(Name = "conflict")] string? Conflict) : IValidatable
{
    /// <summary>true: only newcomers of open address conflicts; false: none of them (docs/adr/0150).</summary>
    public bool? ConflictValue => QueryValues.Bool(Conflict);

    public ProducerFilter ToFilter() => new()
    {
        Kind = Kind,
        ParentId = ParentId,
        Health = QueryValues.Health(Health),
        Stale = QueryValues.Bool(Stale),
        Flapping = QueryValues.Bool(Flapping),
        Deleted = QueryValues.Bool(Deleted),
    };

    public IDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.IsKind(Kind))
        {
            errors["kind"] = ["Must be a producer kind: 1–64 characters of [A-Za-z0-9._-]."];
        }

        if (!QueryValues.IsId(ParentId))
        {
            errors["parentId"] = [QueryValues.IdRule];
        }

        if (!QueryValues.IsHealth(Health))
        {
            errors["health"] = [QueryValues.HealthRule];
        }

        foreach (var (name, value) in new[] { ("stale", Stale), ("flapping", Flapping), ("deleted", Deleted), ("conflict", Conflict) })
        {
            if (!QueryValues.IsBool(value))
            {
                errors[name] = [QueryValues.BoolRule];
            }
        }

        return errors;
    }
}
