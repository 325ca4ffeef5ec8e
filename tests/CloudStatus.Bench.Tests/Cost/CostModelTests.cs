using CloudStatus.Bench.Cost;

namespace CloudStatus.Bench.Tests.Cost;

public class CostModelTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(4096, 1)]
    [InlineData(4097, 2)]
    [InlineData(256 * 1024, 64)]
    public void IotHubBilling_Units_CeilingOf4KbAtLeastOne(long bytes, long units)
    {
        Assert.Equal(units, IotHubBilling.Units(bytes));
    }

    [Theory]
    [InlineData(0, 1, 5)]
    [InlineData(1024, 1, 5)]
    [InlineData(1025, 2, 10)]
    [InlineData(10 * 1024, 10, 50)]
    public void CosmosCostModel_ReadAndWrite_PerStartedKb(int bytes, double read, double write)
    {
        var model = new CosmosCostModel();

        Assert.Equal(read, model.PointRead(bytes));
        Assert.Equal(write, model.Write(bytes));
    }

    [Fact]
    public void CosmosCostModel_LeanerIndexing_WritesCostLess()
    {
        Assert.Equal(3, new CosmosCostModel { WriteRuPerKb = 3 }.Write(800));
    }

    [Theory]
    [InlineData(0, 1.00, 4.95)]
    [InlineData(1024, 1.00, 4.95)]
    [InlineData(1025, 1.04, 6.29)]
    [InlineData(3 * 1024, 1.14, 6.67)]
    [InlineData(40 * 1024, 4.76, 22.67)]
    public void CosmosCostModel_SizeTable_RoundsUpToMicrosoftsNextRow(int bytes, double read, double write)
    {
        var model = new CosmosCostModel { SizeTable = true };

        Assert.Equal(read, model.PointRead(bytes));
        Assert.Equal(write, model.Write(bytes));
    }

    [Fact]
    public void CosmosCostModel_SizeTable_PastTwoMegabytesThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosmosCostModel { SizeTable = true }.Write((2048 * 1024) + 1));
    }

    [Fact]
    public void CosmosTally_Operations_CountedPerContainer()
    {
        var tally = new CosmosTally(new CosmosCostModel());
        tally.Read("servers", 300);
        tally.Write("servers", 300);
        tally.Write("events", 2000);
        tally.Query("producers", 3000);

        Assert.Equal(1, tally.Reads);
        Assert.Equal(2, tally.Writes);
        Assert.Equal(1, tally.Queries);
        Assert.Equal(1 + 5 + 10 + 4, tally.RequestUnits);
        Assert.Equal(6, tally.Containers["servers"].RequestUnits);
        tally.Reset();
        Assert.Equal(0, tally.RequestUnits);
    }
}
