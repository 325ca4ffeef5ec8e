using CloudStatus.Bench.Cost;

namespace CloudStatus.Bench.Tests.Cost;

public class MonthlyBillTests
{
    private static readonly AzurePrices Prices = AzurePrices.Load();

    [Fact]
    public void Load_PriceFile_EveryServiceNamesItsSource()
    {
        Assert.Equal("USD", Prices.Currency);
        Assert.All(new[] { Prices.IotHub.Source, Prices.EventHubs.Source, Prices.Functions.Source, Prices.Cosmos.Source }, s => Assert.Contains("azure", s, StringComparison.Ordinal));
        Assert.Equal(3, Prices.IotHub.Tiers.Count);
    }

    [Fact]
    public void Price_ScalesTheMeasuredFleetToAThousandServers()
    {
        // 100 servers: 1,000 messages/h → 10,000/h at 1,000 servers → 240,000 a day: one S1 unit.
        var bill = MonthlyBill.Price(Prices, 100, new MonthlyBill.PerHour(1_000, 1_000, 1_000_000, 1_000_000), storedBytesAtFleetSize: 1024.0 * 1024 * 1024);

        Assert.Equal("S1", bill.IotHubTier);
        Assert.Equal(1, bill.IotHubUnits);
        Assert.Equal(10_000 * 730, bill.FunctionsExecutions);
        Assert.Equal(10_000 * 730 * 0.1 * 0.125, bill.FunctionsGbSeconds, 3);
        Assert.Equal(1_000_000.0 * 10 * 730, bill.RequestUnits);
        Assert.Equal(10, bill.StoredGb, 6);
        Assert.Equal(bill.IotHub + bill.Executions + bill.ExecutionTime + bill.CosmosRequestUnits + bill.CosmosStorage, bill.Total, 6);
    }

    [Fact]
    public void Price_ManyMessages_PicksTheCheapestIotHubTier()
    {
        // 10 M messages a day at 1,000 servers: 25 S1 units ($625) or 2 S2 units ($500).
        var bill = MonthlyBill.Price(Prices, 1_000, new MonthlyBill.PerHour(10_000_000 / 24.0, 10_000_000 / 24.0, 0, 0), 0);

        Assert.Equal("S2", bill.IotHubTier);
        Assert.Equal(2, bill.IotHubUnits);
    }
}
