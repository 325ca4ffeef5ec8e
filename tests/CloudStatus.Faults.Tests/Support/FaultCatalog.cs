namespace CloudStatus.Faults.Tests.Support;

/// <summary>Every fault the suite injects, by the name its row has in docs/reliability.md.</summary>
internal static class FaultCatalog
{
    public const string CentralKilledMidBatch = "Function App killed mid-batch";
    public const string CentralKilledMidDispatch = "Function App killed mid-dispatch";
    public const string EdgeKilledMidSend = "Edge killed mid-send";
    public const string EdgeKilledMidWrite = "Edge killed mid-write";
    public const string BrokerRestarted = "MQTT broker (dev hub) restarted";
    public const string ReplayOutOfOrder = "Old batches redelivered out of order";
    public const string EdgeClockSkew = "Edge clock 5 minutes off";
    public const string CosmosThrottledAndUnavailable = "Cosmos DB answering 429 storms and 503s";
    public const string TableStorageDown = "Table storage down";

    /// <summary>The load table's first row: readers while the fleet ingests, with no fault.</summary>
    public const string NoFault = "No fault, the fleet ingesting";

    public static IReadOnlyList<string> All { get; } =
    [
        CentralKilledMidBatch, CentralKilledMidDispatch, EdgeKilledMidSend, EdgeKilledMidWrite, BrokerRestarted, ReplayOutOfOrder, EdgeClockSkew, CosmosThrottledAndUnavailable, TableStorageDown,
    ];

    /// <summary>Every row of the load table, in its order.</summary>
    public static IReadOnlyList<string> WithLoad { get; } = [NoFault, .. All];
}
