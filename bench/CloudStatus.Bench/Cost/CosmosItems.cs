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

    public static int Size(StatusEvent item) => SystemPropertyBytes + JsonSerializer.SerializeToUtf8Bytes(item, CosmosItemJsonContext.Default.StatusEvent).Length;

    public static int Size(ConnectivityEntry item) => SystemPropertyBytes + 64 + JsonSerializer.SerializeToUtf8Bytes(item, CosmosItemJsonContext.Default.ConnectivityEntry).Length;
}
