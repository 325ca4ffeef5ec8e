using System.Diagnostics.Metrics;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// Counters of the peer interface on the <c>CloudStatus.Edge</c> meter: requests this server refused
/// (<c>cloudstatus.edge.peer.refused</c>) and calls to a peer that counted it absent (<c>cloudstatus.edge.peer.absent</c>),
/// each tagged with the reason and this server's id.
/// </summary>
internal sealed class PeerMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _server;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _absent;

    public PeerMetrics(string serverId, IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(EdgeMetrics.MeterName) ?? new Meter(EdgeMetrics.MeterName);
        _server = new("cloudstatus.server", serverId);
        _refused = _meter.CreateCounter<long>("cloudstatus.edge.peer.refused", "{request}", "Peer requests refused: unsigned, forged, stale, replayed or misdirected.");
        _absent = _meter.CreateCounter<long>("cloudstatus.edge.peer.absent", "{call}", "Calls to a peer that counted it absent: no answer in time, an error, a bad signature or garbage.");
    }

    public void Refused(string reason) => _refused.Add(1, _server, new("cloudstatus.reason", reason));

    public void Absent(string reason) => _absent.Add(1, _server, new("cloudstatus.reason", reason));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
