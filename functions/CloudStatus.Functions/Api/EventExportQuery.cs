using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Mvc;

namespace CloudStatus.Functions.Api;

/// <summary>
/// <c>?from=&amp;to=&amp;type=&amp;serverId=&amp;order=</c> of the event export: the listing's window and filters, without
/// paging, oldest first unless <c>order=newest</c>.
/// </summary>
internal sealed record EventExportQuery(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "serverId")] string? ServerId,
    [FromQuery(Name = "order")] string? Order) : IValidatable
{
    private EventsQuery Listing => new(From, To, Type, ServerId, null, null, Order);

    public EventOrder OrderValue => Order == EventsQuery.Newest ? EventOrder.NewestFirst : EventOrder.OldestFirst;

    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now) => Listing.Range(now);

    public IDictionary<string, string[]> Validate() => Listing.Validate();
}
