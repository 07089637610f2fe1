using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// Top movers against the 4-week average: the tested segments whose volume changed most, as a diverging bar chart of
/// the relative change. Flagged changes are coloured (rise red, fall blue; a topic in its own colour) and starred;
/// changes that are not significant or too small are grey.
/// </summary>
public static class TopMoversChart
{
    public const string Name = "top-movers";
    private const double Cap = 3.0;

    public static RenderedChart Render(WeeklyReport report, int count)
    {
        var movers = Movers(report, count);
        var title = $"Top movers in {report.Week} against the 4-week average (volume)";
        var height = Math.Max(ChartCanvas.Height, 110 + (30 * movers.Count));
        var plot = ChartCanvas.Create(report, title, "change against the 4-week average (%)", "");
        if (movers.Count == 0)
        {
            var note = plot.Add.Text($"No segment had {report.Options.MinVolume} or more interactions to test in {report.Week} or its 4-week average.", 0, 0);
            note.LabelFontSize = 15;
            note.LabelAlignment = Alignment.MiddleCenter;
            plot.HideGrid();
            plot.Axes.SetLimits(-1, 1, -1, 1);
            return ChartCanvas.Render(plot, Name, title, "No segment was large enough to test this week.", height: height);
        }

        var bars = new List<Bar>();
        var labels = new List<string>();
        for (var i = 0; i < movers.Count; i++)
        {
            var c = movers[i];
            var change = Math.Clamp(c.Change!.Value, -Cap, Cap);
            var y = movers.Count - 1 - i;
            var color = !c.Flagged ? ChartPalette.NotFlagged
                : c.Segment.Dimension == "topic" ? ChartPalette.Topic(int.Parse(c.Segment.Value, System.Globalization.CultureInfo.InvariantCulture))
                : change > 0 ? ChartPalette.Rise : ChartPalette.Fall;
            bars.Add(new Bar { Position = y, Value = change * 100, FillColor = color, LineWidth = 0, Size = 0.7 });
            var value = double.IsPositiveInfinity(c.Change.Value) ? "new" : Wording.Change(c);
            labels.Add(TopicHeatmapChart.Shorten(report.Describe(c.Segment), 44) + $"  {value}{(c.Flagged ? " *" : "")}");
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        var zero = plot.Add.VerticalLine(0);
        zero.Color = ChartPalette.Text;
        zero.LineWidth = 1;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, movers.Count).Select(i => (double)(movers.Count - 1 - i)).ToArray(), [.. labels]);
        plot.Axes.Left.MinorTickStyle.Length = 0;
        var extent = Math.Max(50, movers.Max(c => Math.Abs(Math.Clamp(c.Change!.Value, -Cap, Cap))) * 100 * 1.1);
        plot.Axes.SetLimits(-extent, extent, -0.6, movers.Count - 0.4);
        return ChartCanvas.Render(plot, Name, title,
            $"Segments whose volume moved most against their 4-week average; * marks a flagged change (significant after Benjamini–Hochberg and at least ±{report.Options.MinRelativeChange * 100:0} %); grey bars are not flagged; bars are cut at ±{Cap * 100:0} %.",
            height: height);
    }

    /// <summary>The tested volume comparisons against the 4-week average, largest relative change first.</summary>
    public static IReadOnlyList<Comparison> Movers(WeeklyReport report, int count) =>
        report.Comparisons
            .Where(c => c.Segment != Segment.All && c.Metric == Metric.Volume && c.Baseline == Baseline.FourWeekAverage && c.PValue is not null && c.Change is not null && c.Change != 0)
            .OrderByDescending(c => c.Flagged)
            .ThenByDescending(c => Math.Abs(c.Change!.Value))
            .ThenBy(c => c.Segment.Dimension, StringComparer.Ordinal)
            .ThenBy(c => c.Segment.Value, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}
