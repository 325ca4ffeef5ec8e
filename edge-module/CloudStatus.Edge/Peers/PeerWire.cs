using System.Text.Json.Serialization;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Peers;

/// <summary>"Are you there, what do you manage, your version": a server's answer to <c>GET /peer/v1/hello</c>.</summary>
public sealed record PeerHello
{
    public required string ServerId { get; init; }
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }
    public required string SoftwareVersion { get; init; }

    /// <summary>Roots of the producer subtrees it manages.</summary>
    public IReadOnlyList<string> Subtrees { get; init; } = [];

    public IReadOnlyList<string> ProducerKinds { get; init; } = [];

    public string? FailoverPeer { get; init; }

    /// <summary>False while the node is stopped (the interface still answers); its heap cannot be queried then.</summary>
    public bool Running { get; init; }

    public string? Epoch { get; init; }

    public long MaxSeq { get; init; }

    public int LiveRecords { get; init; }

    /// <summary>The answering server's clock.</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>Answer to <c>GET /peer/v1/heap?under={producerId}</c>: the heap's records (tombstones included) in sequence order.</summary>
public sealed record PeerHeap
{
    public required string Epoch { get; init; }
    public required long MaxSeq { get; init; }
    public IReadOnlyList<StatusRecord> Records { get; init; } = [];
}

/// <summary>
/// Answer to <c>GET /peer/v1/equipment</c>: the server's <c>http</c> equipment entries (where each switch's management
/// API is and where its credential is kept on a server of the site, never the credential), which a failover peer
/// polls itself while it holds the server's lease (docs/adr/0171).
/// </summary>
public sealed record PeerEquipment
{
    public IReadOnlyList<Producers.Adapters.EquipmentOptions> Entries { get; init; } = [];
}

/// <summary>Why a signed answer is not a 200 (the node is stopped, a bad query).</summary>
public sealed record PeerError(string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PeerHello))]
[JsonSerializable(typeof(PeerHeap))]
[JsonSerializable(typeof(PeerEquipment))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(PeerError))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
