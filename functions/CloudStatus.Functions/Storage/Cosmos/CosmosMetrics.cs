using System.Diagnostics.Metrics;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>The request charge (RU) of every Cosmos DB operation, on central's Meter, tagged by operation and container.</summary>
internal sealed class CosmosMetrics
{
    public const string RequestChargeInstrument = "cloudstatus.central.store.request_charge";

    private readonly Histogram<double> _requestCharge;

    public CosmosMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CentralMetrics.MeterName);
        _requestCharge = meter.CreateHistogram<double>(RequestChargeInstrument, "{RU}", "Request units charged by Cosmos DB per operation.");
    }

    public void RequestCharged(string container, string operation, double requestCharge) =>
        _requestCharge.Record(
            requestCharge,
            new KeyValuePair<string, object?>("container", container),
            new KeyValuePair<string, object?>("operation", operation));
}
