using System.Globalization;
using Pipeline.Reports.Weekly;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// Topic × week heatmap: one row per topic (by stable id, its colour swatch at the left), one column per week, the
/// cell's shade the number of interactions whose dominant topic it was.
/// </summary>
public static class TopicHeatmapChart
{
    public const string Name = "topic-heatmap";

    public static RenderedChart Render(WeeklyReport report)
    {
        var weeks = report.History;
        var topics = weeks.SelectMany(w => w.Topics.Keys).Distinct().Order().ToList();
        var title = $"Topics by week (dominant topic of each interaction), {weeks[0].Week} to {report.Week}";
        var height = Math.Max(ChartCanvas.Height, 120 + (34 * topics.Count));
        var plot = ChartCanvas.Create(report, title, $"ISO week (Monday start, {report.TimeZone})", "");
        if (topics.Count == 0)
        {
            var note = plot.Add.Text("No interaction in these weeks has a topic.", 0, 0);
            note.LabelFontSize = 16;
            plot.HideGrid();
            plot.Axes.SetLimits(-1, 1, -1, 1);
            return ChartCanvas.Render(plot, Name, title, "No interaction in the chart weeks has a topic.", height: height);
        }

        // Row r of the intensities is drawn at the top when r = 0; topic i goes to row i, so the first topic is on top.
        var counts = new double[topics.Count, weeks.Count];
        for (var r = 0; r < topics.Count; r++)
        {
            for (var c = 0; c < weeks.Count; c++)
            {
                counts[r, c] = weeks[c].Topics.GetValueOrDefault(topics[r]);
            }
        }

        var heatmap = plot.Add.Heatmap(counts);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(-0.5, weeks.Count - 0.5, -0.5, topics.Count - 0.5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "interactions";
        bar.LabelStyle.FontSize = 12;

        for (var r = 0; r < topics.Count; r++)
        {
            var y = topics.Count - 1 - r;
            var swatch = plot.Add.Rectangle(-1.4, -0.7, y - 0.4, y + 0.4);
            swatch.FillColor = ChartPalette.Topic(topics[r]);
            swatch.LineWidth = 0;
        }

        var positions = Enumerable.Range(0, topics.Count).Select(r => (double)(topics.Count - 1 - r)).ToArray();
        var labels = topics.Select(t => Shorten($"{t.ToString(CultureInfo.InvariantCulture)}: {report.TopicLabel(t)}", 34)).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.MinorTickStyle.Length = 0;
        ChartCanvas.WeekTicks(plot, weeks.Select(w => w.Week).ToList());
        plot.Axes.SetLimits(-1.6, weeks.Count - 0.4, -0.6, topics.Count - 0.4);
        plot.HideGrid();
        return ChartCanvas.Render(plot, Name, title,
            "Each row is a topic (stable id and label, with its colour), each column a week; brighter cells hold more interactions of that topic.",
            height: height);
    }

    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";
}
