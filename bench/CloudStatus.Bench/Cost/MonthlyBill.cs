namespace CloudStatus.Bench.Cost;

/// <summary>
/// An estimated monthly Azure bill per 1,000 servers for one approach, from its per-hour figures on the simulated
/// fleet, scaled linearly and priced with <see cref="AzurePrices"/>. Functions run one execution per message at the
/// billing minimum (100 ms, 128 MB): a floor. Event Hubs is what a route to a namespace of its own would cost; ingest
/// reads IoT Hub's built-in endpoint, included in the IoT Hub units, so it is not in the total.
/// </summary>
internal sealed record MonthlyBill
{
    public const double HoursPerMonth = 730;
    public const int Servers = 1_000;

    /// <summary>Days the event log is kept (the Bicep default <c>eventRetentionDays</c>).</summary>
    public const int EventRetentionDays = 90;

    public required string IotHubTier { get; init; }
    public required long IotHubUnits { get; init; }
    public required double IotHub { get; init; }
    public required long EventHubsThroughputUnits { get; init; }
    public required double EventHubs { get; init; }
    public required double FunctionsExecutions { get; init; }
    public required double FunctionsGbSeconds { get; init; }
    public required double Executions { get; init; }
    public required double ExecutionTime { get; init; }
    public required double RequestUnits { get; init; }
    public required double CosmosRequestUnits { get; init; }
    public required double StoredGb { get; init; }
    public required double CosmosStorage { get; init; }

    public double Total => IotHub + Executions + ExecutionTime + CosmosRequestUnits + CosmosStorage;

    /// <summary>Prices one approach measured on <paramref name="servers"/> servers, given per simulated hour.</summary>
    public static MonthlyBill Price(AzurePrices prices, int servers, PerHour hour, double storedBytesAtFleetSize)
    {
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        var scale = (double)Servers / servers;

        var perDay = hour.BillableUnits * scale * 24;
        var (tier, units, iotHub) = prices.IotHub.Tiers
            .Select(t =>
            {
                var needed = Math.Max(1, (long)Math.Ceiling(perDay / t.MessagesPerUnitDay));
                return (t.Name, needed, needed * t.PricePerUnitMonth);
            })
            .MinBy(t => t.Item3);

        var eh = prices.EventHubs;
        var eventsPerSecond = hour.Messages * scale / 3600;
        var bytesPerSecond = hour.BytesSent * scale / 3600;
        var throughputUnits = Math.Max(1, (long)Math.Ceiling(Math.Max(bytesPerSecond / eh.ThroughputUnitBytesPerSecond, eventsPerSecond / eh.ThroughputUnitEventsPerSecond)));
        var eventHubs = (throughputUnits * eh.PricePerThroughputUnitHour * HoursPerMonth)
            + (hour.Messages * scale * HoursPerMonth / 1e6 * eh.PricePerMillionIngressEvents);

        var f = prices.Functions;
        var executions = hour.Messages * scale * HoursPerMonth;
        var gbSeconds = executions * f.MinimumSecondsPerExecution * f.MinimumGbPerExecution;

        var ru = hour.RequestUnits * scale * HoursPerMonth;
        var storedGb = storedBytesAtFleetSize * scale / (1024.0 * 1024 * 1024);
        return new MonthlyBill
        {
            IotHubTier = tier,
            IotHubUnits = units,
            IotHub = iotHub,
            EventHubsThroughputUnits = throughputUnits,
            EventHubs = eventHubs,
            FunctionsExecutions = executions,
            FunctionsGbSeconds = gbSeconds,
            Executions = executions / 1e6 * f.PricePerMillionExecutions,
            ExecutionTime = gbSeconds * f.PricePerGbSecond,
            RequestUnits = ru,
            CosmosRequestUnits = ru / 1e6 * prices.Cosmos.PricePerMillionRequestUnits,
            StoredGb = storedGb,
            CosmosStorage = storedGb * prices.Cosmos.PricePerGbMonth,
        };
    }

    /// <summary>One approach's figures per simulated hour on the measured fleet.</summary>
    internal readonly record struct PerHour(double Messages, double BillableUnits, double BytesSent, double RequestUnits);
}
