using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Bench.Cost;

/// <summary>
/// Item sizes as a Cosmos adapter would store them: the JSON the embedded stores keep (the same camelCase shape), plus
/// the system properties Cosmos adds to every item (<c>id</c>, <c>_rid</c>, <c>_self</c>, <c>_etag</c>, <c>_attachments</c>, <c>_ts</c>).
/// </summary>
internal static class CosmosItems
{
    public const string Servers = "servers";
    public const string Producers = "producers";
    public const string Events = "events";
    public const string Lookups = "lookups";
    public const string Views = "views";

    /// <summary>Roughly what Cosmos adds to every stored item.</summary>
    public const int SystemPropertyBytes = 180;

    /// <summary>A small index document (serverId → tenantId, producerId → serverId).</summary>
    public const int LookupBytes = SystemPropertyBytes + 96;

    public static int Size(ServerState item) => SystemPropertyBytes + JsonSerializer.SerializeToUtf8Bytes(item, CosmosItemJsonContext.Default.ServerState).Length;

    public static int Size(ProducerState item) => SystemPropertyBytes + JsonSerializer.SerializeToUtf8Bytes(item, CosmosItemJsonContext.Default.ProducerState).Length;

    /// <summary>Events per event-log document at most (the Cosmos adapter's bound).</summary>
    public const int EventsPerDocument = 500;

    /// <summary>
    /// An event-log document of one batch: system properties, id, bucket and time (~120 B of JSON), the distinct
    /// types and servers the filters look for, the event ids (docs/adr/0132), and each event's JSON.
    /// </summary>
    public static int Size(IReadOnlyCollection<StatusEvent> events) =>
        SystemPropertyBytes + 120
        + events.Select(e => e.Type).Distinct(StringComparer.Ordinal).Sum(t => t.Length + 3)
        + events.Select(e => e.ServerId).Distinct(StringComparer.Ordinal).Sum(t => t.Length + 3)
        + events.Sum(e => e.EventId.Length + 3)
        + events.Sum(e => JsonSerializer.SerializeToUtf8Bytes(e, CosmosItemJsonContext.Default.StatusEvent).Length + 1);

    public static int Size(StatusEvent item) => SystemPropertyBytes + JsonSerializer.SerializeToUtf8Bytes(item, CosmosItemJsonContext.Default.StatusEvent).Length;

    public static int Size(ConnectivityEntry item) => SystemPropertyBytes + 64 + JsonSerializer.SerializeToUtf8Bytes(item, CosmosItemJsonContext.Default.ConnectivityEntry).Length;
}
