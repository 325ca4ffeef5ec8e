using System.Xml.Linq;
using CloudStatus.Bench.Charts;

namespace CloudStatus.Bench.Tests.Charts;

public class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_TwoPanels_WellFormedSvgWithOneLinePerSeries()
    {
        var svg = SvgChart.Render("title & <more>", "fleet size", [Panel("bytes"), Panel("messages")], ["note \"quoted\"", "machine"]);

        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(4, doc.Descendants(Svg + "polyline").Count());
        Assert.Equal(12, doc.Descendants(Svg + "circle").Count());
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "title & <more>");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "note \"quoted\"");
    }

    [Fact]
    public void Render_NonPositivePoints_LeftOut()
    {
        var panel = new ChartPanel("p", "y", [new ChartSeries("s", "#000", [(0, 5), (10, -1), (100, 1000)])]);

        var doc = XDocument.Parse(SvgChart.Render("t", "x", [panel], []));

        Assert.Single(doc.Descendants(Svg + "circle"));
    }

    [Fact]
    public void Render_Points_HigherValuesDrawnHigher()
    {
        var panel = new ChartPanel("p", "y", [new ChartSeries("s", "#000", [(10, 100), (1000, 100_000)])]);

        var circles = XDocument.Parse(SvgChart.Render("t", "x", [panel], [])).Descendants(Svg + "circle")
            .Select(c => (X: double.Parse(c.Attribute("cx")!.Value, System.Globalization.CultureInfo.InvariantCulture), Y: double.Parse(c.Attribute("cy")!.Value, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(c => c.X)
            .ToList();

        Assert.True(circles[1].Y < circles[0].Y);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(2, "100")]
    [InlineData(3, "1k")]
    [InlineData(7, "10M")]
    [InlineData(9, "1G")]
    public void Label_Decade_ShortForm(int decade, string label)
    {
        Assert.Equal(label, SvgChart.Label(decade));
    }

    [Fact]
    public void Decades_Values_EncloseThemInWholeDecades()
    {
        Assert.Equal((1, 4), SvgChart.Decades([12, 9_999]));
        Assert.Equal((2, 3), SvgChart.Decades([100]));
    }

    private static ChartPanel Panel(string title) => new(
        title,
        "per hour",
        [
            new ChartSeries("CloudStatus", "#1f77b4", [(100, 1_000), (1_000, 5_000), (10_000, 20_000)]),
            new ChartSeries("baseline", "#d62728", [(100, 50_000), (1_000, 500_000), (10_000, 5_000_000)]),
        ]);
}
