using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary>
/// CSV exports (RFC 4180, <c>text/csv</c>, a download filename): a server's producers with the listing's filters, and
/// the event log over a window. Both stream page by page from the store (<see cref="CsvStreamResult"/>).
/// </summary>
internal static class ExportsApi
{
    /// <summary>Records read from the store per page while exporting.</summary>
    internal const int PageSize = 500;

    private static readonly string[] ProducerHeader =
    [
        "producerId", "serverId", "kind", "parentId", "health", "stale", "silent", "flapping", "deleted", "seq",
        "localTimestamp", "centralTimestamp", "state", "config",
    ];

    private static readonly string[] EventHeader =
    [
        "eventId", "tenantId", "serverId", "producerId", "type", "health", "seq", "localTimestamp", "centralTimestamp",
    ];

    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/servers/{serverId}/producers/export", ExportProducersAsync)
            .WithName("ExportServerProducers")
            .WithSummary("A server's producers as CSV, with the same filters as the listing.")
            .WithDescription(
                "Every producer record of the server that matches the filters (kind, parentId, health, stale, flapping, "
                + "deleted, conflict), ordered by producer id, as an RFC 4180 CSV download with a header record. Streamed: rows are "
                + "written as the store returns them. Columns: " + string.Join(", ", ProducerHeader) + "; state and config "
                + "are the records' JSON.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/events/export", ExportEventsAsync)
            .WithName("ExportEvents")
            .WithSummary("The central event log over a time window as CSV.")
            .WithDescription(
                "Events with central time in [from, to) (default: the 7 days before now), optionally of one type and server, "
                + "oldest first (order=oldest, the default here) or newest first, as an RFC 4180 CSV download with a header "
                + "record. Streamed: rows are written as the store returns them. Columns: " + string.Join(", ", EventHeader) + ".")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return group;
    }

    internal static async Task<Results<CsvStreamResult, ProblemHttpResult>> ExportProducersAsync(
        string serverId,
        [AsParameters] ProducerFilterQuery filter,
        ClaimsPrincipal user,
        IServerStore servers,
        IProducerStore producers,
        IAddressStore addresses,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var scoped = await ServersApi.ScopeProducersAsync(servers, producers, serverId, filter.ToFilter(), user, cancellationToken).ConfigureAwait(false);
        if (scoped is null)
        {
            return ServersApi.ServerNotFound(serverId);
        }

        if (filter.ConflictValue is { } conflict)
        {
            scoped = ProducerConflicts.Narrow(scoped, conflict, await ProducerConflicts.OnServerAsync(addresses, servers, user, serverId, cancellationToken).ConfigureAwait(false));
        }

        var fileName = $"producers-{FileSafe(serverId)}-{Stamp(time.GetUtcNow())}.csv";
        return new CsvStreamResult(fileName, ProducerHeader, ProducerPagesAsync(producers, serverId, scoped));
    }

    internal static async Task<CsvStreamResult> ExportEventsAsync(
        [AsParameters] EventExportQuery query, ClaimsPrincipal user, IServerStore servers, IEventStore events, TimeProvider time, CancellationToken cancellationToken)
    {
        var (from, to) = query.Range(time.GetUtcNow());
        var tenants = await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false);
        var eventQuery = new EventQuery
        {
            TenantIds = tenants,
            From = from,
            To = to,
            Type = query.Type,
            ServerId = query.ServerId,
            Limit = PageSize,
            Order = query.OrderValue,
        };
        return new CsvStreamResult($"events-{Stamp(from)}-{Stamp(to)}.csv", EventHeader, EventPagesAsync(events, eventQuery));
    }

    private static async IAsyncEnumerable<IEnumerable<string?[]>> ProducerPagesAsync(
        IProducerStore producers, string serverId, ProducerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await producers.PageAsync(serverId, filter, PageSize, continuation, cancellationToken).ConfigureAwait(false);
            yield return page.Items.Select(ProducerRecord);
            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    private static async IAsyncEnumerable<IEnumerable<string?[]>> EventPagesAsync(
        IEventStore events, EventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await events.QueryAsync(query with { Continuation = continuation }, cancellationToken).ConfigureAwait(false);
            yield return page.Items.Select(EventRecord);
            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    private static string?[] ProducerRecord(ProducerState p) =>
    [
        p.ProducerId, p.ServerId, p.Kind, p.ParentId, HealthName(p.Health), Flag(p.Stale), Flag(p.Silent), Flag(p.Flapping),
        Flag(p.Deleted), Number(p.Seq), Time(p.LocalTimestamp), Time(p.CentralTimestamp), p.State, p.Config,
    ];

    private static string?[] EventRecord(StatusEvent e) =>
    [
        e.EventId, e.TenantId, e.ServerId, e.ProducerId, e.Type, e.Health is { } h ? HealthName(h) : null,
        e.Seq is { } seq ? Number(seq) : null, e.LocalTimestamp is { } local ? Time(local) : null, Time(e.CentralTimestamp),
    ];

    private static string HealthName(Core.Model.Health health) => QueryValues.HealthNames[(int)health];

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An id is [A-Za-z0-9._:-]; ':' is not allowed in file names on every system.</summary>
    private static string FileSafe(string id) => id.Replace(':', '_');
}
