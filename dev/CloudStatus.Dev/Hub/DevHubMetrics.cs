using System.Diagnostics.Metrics;

namespace CloudStatus.Dev.Hub;

/// <summary>A few counters of the dev hub (meter <c>CloudStatus.Dev.Hub</c>).</summary>
internal sealed class DevHubMetrics : IDisposable
{
    public const string MeterName = "CloudStatus.Dev.Hub";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public DevHubMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        MessagesAccepted = _meter.CreateCounter<long>("cloudstatus.devhub.messages.accepted", description: "Device-to-cloud messages handed to ingest");
        BytesAccepted = _meter.CreateCounter<long>("cloudstatus.devhub.messages.bytes", unit: "By", description: "Body bytes handed to ingest");
        MessagesDropped = _meter.CreateCounter<long>("cloudstatus.devhub.messages.dropped", description: "Publishes not forwarded (reason tag)");
        ConnectionsRefused = _meter.CreateCounter<long>("cloudstatus.devhub.connections.refused", description: "CONNECTs refused (reason tag)");
        ModulesConnected = _meter.CreateUpDownCounter<long>("cloudstatus.devhub.modules.connected", description: "Modules connected now");
        MethodCalls = _meter.CreateCounter<long>("cloudstatus.devhub.methods", description: "Direct method invocations (outcome tag)");
    }

    public Counter<long> MessagesAccepted { get; }

    public Counter<long> BytesAccepted { get; }

    public Counter<long> MessagesDropped { get; }

    public Counter<long> ConnectionsRefused { get; }

    public UpDownCounter<long> ModulesConnected { get; }

    public Counter<long> MethodCalls { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
