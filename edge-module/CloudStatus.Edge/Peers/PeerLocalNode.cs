using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Producers.Adapters;

namespace CloudStatus.Edge.Peers;

/// <summary>What the peer interface answers from: this server's identity and registration, its heap, its local history.</summary>
internal sealed class PeerLocalNode(
    string tenantId,
    string siteId,
    Func<ServerRegistration> registration,
    Func<IStatusHeapView?> heap,
    Func<ReadOnlyMemory<byte>, CancellationToken, Task<(int Status, byte[] Payload)>> history,
    Func<IReadOnlyDictionary<string, EquipmentOptions>> equipment)
{
    public string TenantId { get; } = tenantId;

    public string SiteId { get; } = siteId;

    public ServerRegistration Registration => registration();

    /// <summary>The equipment section in force (configuration plus the twin's).</summary>
    public IReadOnlyDictionary<string, EquipmentOptions> Equipment => equipment();

    /// <summary>The running node's heap, or null while it is stopped.</summary>
    public IStatusHeapView? Heap => heap();

    /// <summary>A page of local history for a <c>HistoryRequest</c> JSON body, as the <c>history</c> direct method answers it.</summary>
    public Task<(int Status, byte[] Payload)> QueryHistoryAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        history(request, cancellationToken);
}
