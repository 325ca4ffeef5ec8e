using System.Globalization;
using System.Text;
using CloudStatus.Bench.Baselines;
using CloudStatus.Bench.Cost;

namespace CloudStatus.Bench.Compare;

/// <summary>The comparison's estimated monthly Azure bill per 1,000 servers, every approach priced by the same list prices.</summary>
internal static class BillReport
{
    public static IReadOnlyList<(string Name, MonthlyBill Bill)> Bills(ComparisonResult result, AzurePrices prices)
    {
        ArgumentNullException.ThrowIfNull(result);
        var producers = result.Spec.Fleet.TotalProducers;
        var containers = result.Containers;
        var producerBytes = Average(containers, CosmosItems.Producers, 600);
        var serverBytes = Average(containers, CosmosItems.Servers, 900);
        var eventBytes = Average(containers, CosmosItems.Events, 450);
        var eventsPerHour = (containers.GetValueOrDefault(CosmosItems.Events)?.Writes ?? 0) * result.PerHour;

        // Everyone keeps one row per producer; CloudStatus also keeps its server rows and the event log for its retention.
        var rows = producers * producerBytes;
        var cloudStatus = rows + (result.Spec.Fleet.Servers * serverBytes) + (eventsPerHour * 24 * MonthlyBill.EventRetentionDays * eventBytes);
        return
        [
            (result.CloudStatus.Name, Price(result, result.CloudStatus, prices, cloudStatus)),
            .. result.Baselines.Select(b => (b.Name, Price(result, b, prices, rows))),
        ];
    }

    public static string Render(ComparisonResult result, AzurePrices prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var c = CultureInfo.InvariantCulture;
        var bills = Bills(result, prices);
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Estimated monthly Azure bill per {MonthlyBill.Servers:N0} servers ({prices.Currency}, {prices.Region}, prices of {prices.Date}; this fleet scaled linearly, {MonthlyBill.HoursPerMonth} h a month):");
        sb.AppendLine();
        sb.AppendLine("| per month | " + string.Join(" | ", bills.Select(b => b.Name)) + " |");
        sb.AppendLine("|---|" + string.Concat(bills.Select(_ => "---:|")));
        Row(sb, "IoT Hub units" + Unconfirmed(prices.IotHub.Confirmed), bills, b => $"{b.IotHubUnits:N0} × {b.IotHubTier}: {Money(b.IotHub)}");
        Row(sb, "Functions executions (one per message)", bills, b => $"{b.FunctionsExecutions / 1e6:N1} M: {Money(b.Executions)}");
        Row(sb, "Functions GB-seconds (100 ms × 128 MB floor)", bills, b => $"{b.FunctionsGbSeconds / 1e6:N2} M: {Money(b.ExecutionTime)}");
        Row(sb, "Cosmos DB RU, serverless" + Unconfirmed(prices.Cosmos.Confirmed), bills, b => $"{b.RequestUnits / 1e6:N0} M: {Money(b.CosmosRequestUnits)}");
        Row(sb, "Cosmos DB storage" + Unconfirmed(prices.Cosmos.Confirmed), bills, b => $"{b.StoredGb:N1} GB: {Money(b.CosmosStorage)}");
        Row(sb, "**total**", bills, b => $"**{Money(b.Total)}**");
        Row(sb, "Event Hubs Standard, if routed to its own namespace (not in the total)" + Unconfirmed(prices.EventHubs.Confirmed), bills, b => $"{b.EventHubsThroughputUnits:N0} TU: {Money(b.EventHubs)}");
        sb.AppendLine();
        sb.AppendLine(c, $"Prices: {prices.Note} (*) marks a price not confirmed from a page that states it. Sources: Cost/azure-prices.json.");
        return sb.ToString();
    }

    private static MonthlyBill Price(ComparisonResult result, WireTally tally, AzurePrices prices, double storedBytes) =>
        MonthlyBill.Price(
            prices,
            result.Spec.Fleet.Servers,
            new MonthlyBill.PerHour(tally.Messages * result.PerHour, tally.BillableUnits * result.PerHour, tally.GzipBytes * result.PerHour, tally.RequestUnits * result.PerHour),
            storedBytes);

    private static double Average(IReadOnlyDictionary<string, ContainerTally> containers, string container, double fallback) =>
        containers.GetValueOrDefault(container) is { Writes: > 0 } t ? (double)t.WrittenBytes / t.Writes : fallback;

    private static string Unconfirmed(bool confirmed) => confirmed ? string.Empty : " (*)";

    private static string Money(double amount) => amount.ToString("$#,##0", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder sb, string name, IReadOnlyList<(string Name, MonthlyBill Bill)> bills, Func<MonthlyBill, string> cell) =>
        sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", bills.Select(b => cell(b.Bill)))} |");
}
