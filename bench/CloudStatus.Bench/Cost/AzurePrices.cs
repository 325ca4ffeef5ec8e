using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Bench.Cost;

/// <summary>Public list prices the monthly bill is priced with (<c>Cost/azure-prices.json</c>: each with its source, date and whether the figure was confirmed).</summary>
internal sealed record AzurePrices
{
    public required string Date { get; init; }
    public required string Currency { get; init; }
    public required string Region { get; init; }
    public required string Note { get; init; }
    public required IotHubPrices IotHub { get; init; }
    public required EventHubsPrices EventHubs { get; init; }
    public required FunctionsPrices Functions { get; init; }
    public required CosmosPrices Cosmos { get; init; }

    public static AzurePrices Load(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "Cost", "azure-prices.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, AzurePricesJsonContext.Default.AzurePrices)
            ?? throw new InvalidDataException($"'{path}' holds no prices.");
    }
}

internal sealed record IotHubTier(string Name, double PricePerUnitMonth, long MessagesPerUnitDay);

internal sealed record IotHubPrices(IReadOnlyList<IotHubTier> Tiers, string Source, bool Confirmed);

internal sealed record EventHubsPrices(
    double PricePerThroughputUnitHour,
    double PricePerMillionIngressEvents,
    long IngressEventBytes,
    long ThroughputUnitBytesPerSecond,
    long ThroughputUnitEventsPerSecond,
    string Source,
    bool Confirmed);

internal sealed record FunctionsPrices(
    double PricePerMillionExecutions, double PricePerGbSecond, double MinimumSecondsPerExecution, double MinimumGbPerExecution, string Source, bool Confirmed);

internal sealed record CosmosPrices(double PricePerMillionRequestUnits, double PricePerGbMonth, string Source, bool Confirmed);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AzurePrices))]
internal sealed partial class AzurePricesJsonContext : JsonSerializerContext;
