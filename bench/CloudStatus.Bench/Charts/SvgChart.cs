using System.Globalization;
using System.Xml.Linq;

namespace CloudStatus.Bench.Charts;

/// <summary>One line of a chart: a name, a colour and its points (x, y), both positive (the axes are logarithmic).</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

/// <summary>One panel: a title, the y axis label and its series (sharing the chart's x axis label).</summary>
internal sealed record ChartPanel(string Title, string YLabel, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// Renders panels side by side as one standalone SVG document with log-log axes, decade grid lines, markers and a
/// legend; built as an XML tree, so the output is always well-formed. No dependencies.
/// </summary>
internal static class SvgChart
{
    private const double PanelWidth = 520;
    private const double PanelHeight = 400;
    private const double Left = 78;
    private const double Right = 16;
    private const double Top = 56;
    private const double Bottom = 56;
    private const double LegendHeight = 34;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Render(string title, string xLabel, IReadOnlyList<ChartPanel> panels, IReadOnlyList<string> footnotes)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(footnotes);
        var width = PanelWidth * panels.Count;
        var height = PanelHeight + LegendHeight + 8 + (14 * footnotes.Count);
        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", F(width)),
            new XAttribute("height", F(height)),
            new XAttribute("viewBox", $"0 0 {F(width)} {F(height)}"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", "12"),
            new XElement(Svg + "rect", new XAttribute("width", F(width)), new XAttribute("height", F(height)), new XAttribute("fill", "white")),
            Text(width / 2, 22, title, 16, "middle", bold: true));
        for (var i = 0; i < panels.Count; i++)
        {
            root.Add(RenderPanel(panels[i], i * PanelWidth, xLabel));
        }

        var legendY = PanelHeight + 14;
        var x = Left;
        foreach (var series in panels.SelectMany(p => p.Series).DistinctBy(s => s.Name))
        {
            root.Add(new XElement(Svg + "line", Attr("x1", x), Attr("y1", legendY), Attr("x2", x + 24), Attr("y2", legendY), new XAttribute("stroke", series.Color), new XAttribute("stroke-width", "3")));
            root.Add(Text(x + 30, legendY + 4, series.Name, 12, "start"));
            x += 40 + (series.Name.Length * 7);
        }

        for (var i = 0; i < footnotes.Count; i++)
        {
            root.Add(Text(width / 2, PanelHeight + LegendHeight + 8 + (14 * i), footnotes[i], 10, "middle", fill: "#555"));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + Environment.NewLine + root;
    }

    private static XElement RenderPanel(ChartPanel panel, double offsetX, string xLabel)
    {
        var g = new XElement(Svg + "g", new XAttribute("transform", $"translate({F(offsetX)},0)"));
        var points = panel.Series.SelectMany(s => s.Points).Where(p => p.X > 0 && p.Y > 0).ToList();
        var (xLo, xHi) = Decades(points.Select(p => p.X));
        var (yLo, yHi) = Decades(points.Select(p => p.Y));
        var plotW = PanelWidth - Left - Right;
        var plotH = PanelHeight - Top - Bottom;
        double Px(double v) => Left + ((Math.Log10(v) - xLo) / (xHi - xLo) * plotW);
        double Py(double v) => Top + plotH - ((Math.Log10(v) - yLo) / (yHi - yLo) * plotH);

        g.Add(Text(PanelWidth / 2, 44, panel.Title, 13, "middle", bold: true));
        for (var d = yLo; d <= yHi; d++)
        {
            var y = Top + plotH - ((d - yLo) / (double)(yHi - yLo) * plotH);
            g.Add(new XElement(Svg + "line", Attr("x1", Left), Attr("y1", y), Attr("x2", Left + plotW), Attr("y2", y), new XAttribute("stroke", "#ddd")));
            g.Add(Text(Left - 6, y + 4, Label(d), 11, "end"));
        }

        for (var d = xLo; d <= xHi; d++)
        {
            var x = Left + ((d - xLo) / (double)(xHi - xLo) * plotW);
            g.Add(new XElement(Svg + "line", Attr("x1", x), Attr("y1", Top), Attr("x2", x), Attr("y2", Top + plotH), new XAttribute("stroke", "#ddd")));
            g.Add(Text(x, Top + plotH + 16, Label(d), 11, "middle"));
        }

        g.Add(new XElement(Svg + "rect", Attr("x", Left), Attr("y", Top), Attr("width", plotW), Attr("height", plotH), new XAttribute("fill", "none"), new XAttribute("stroke", "#333")));
        g.Add(Text(Left + (plotW / 2), Top + plotH + 36, xLabel, 12, "middle"));
        var yText = Text(16, Top + (plotH / 2), panel.YLabel, 12, "middle");
        yText.Add(new XAttribute("transform", $"rotate(-90 16 {F(Top + (plotH / 2))})"));
        g.Add(yText);

        foreach (var series in panel.Series)
        {
            var valid = series.Points.Where(p => p.X > 0 && p.Y > 0).OrderBy(p => p.X).ToList();
            if (valid.Count == 0)
            {
                continue;
            }

            g.Add(new XElement(
                Svg + "polyline",
                new XAttribute("points", string.Join(' ', valid.Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}"))),
                new XAttribute("fill", "none"),
                new XAttribute("stroke", series.Color),
                new XAttribute("stroke-width", "2.5"),
                new XElement(Svg + "title", series.Name)));
            foreach (var p in valid)
            {
                g.Add(new XElement(
                    Svg + "circle", Attr("cx", Px(p.X)), Attr("cy", Py(p.Y)), new XAttribute("r", "3.5"), new XAttribute("fill", series.Color),
                    new XElement(Svg + "title", string.Create(CultureInfo.InvariantCulture, $"{series.Name}: {p.Y:N0} at {p.X:N0}"))));
            }
        }

        return g;
    }

    /// <summary>The whole decades that enclose the values (at least one decade).</summary>
    internal static (int Lo, int Hi) Decades(IEnumerable<double> values)
    {
        var list = values.Where(v => v > 0).ToList();
        if (list.Count == 0)
        {
            return (0, 1);
        }

        var lo = (int)Math.Floor(Math.Log10(list.Min()));
        var hi = (int)Math.Ceiling(Math.Log10(list.Max()));
        return hi <= lo ? (lo, lo + 1) : (lo, hi);
    }

    /// <summary>10^d as a short label: 1, 10, 100, 1k, 10k, 100k, 1M, …</summary>
    internal static string Label(int decade)
    {
        if (decade < 0)
        {
            return Math.Pow(10, decade).ToString("0.###", CultureInfo.InvariantCulture);
        }

        var suffixes = new[] { string.Empty, "k", "M", "G", "T", "P" };
        var group = Math.Min(decade / 3, suffixes.Length - 1);
        var mantissa = Math.Pow(10, decade - (group * 3));
        return mantissa.ToString("0", CultureInfo.InvariantCulture) + suffixes[group];
    }

    private static XElement Text(double x, double y, string text, int size, string anchor, bool bold = false, string fill = "#111")
    {
        var element = new XElement(Svg + "text", Attr("x", x), Attr("y", y), new XAttribute("font-size", size), new XAttribute("text-anchor", anchor), new XAttribute("fill", fill), text);
        if (bold)
        {
            element.Add(new XAttribute("font-weight", "bold"));
        }

        return element;
    }

    private static XAttribute Attr(string name, double value) => new(name, F(value));

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
