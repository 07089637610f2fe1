using Pipeline.Reports.Weekly;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// Mean sentiment per week with its 4-week baseline band: the mean of the four weeks before each week ± 1.96 standard
/// errors at that week's number of scored texts. A week outside the band differs from its recent past.
/// </summary>
public static class SentimentTrendChart
{
    public const string Name = "sentiment-trend";

    public static RenderedChart Render(WeeklyReport report)
    {
        var weeks = report.History;
        var title = $"Sentiment trend with the 4-week baseline band, {weeks[0].Week} to {report.Week}";
        var plot = ChartCanvas.Create(report, title, $"ISO week (Monday start, {report.TimeZone})", "mean sentiment (−1 negative … +1 positive)");
        VolumeByChannelChart.Highlight(plot, weeks.Count);

        var banded = weeks.Select((w, i) => (w, i)).Where(p => p.w.BaselineLow is not null).ToList();
        if (banded.Count > 0)
        {
            var band = plot.Add.FillY(
                banded.Select(p => (double)p.i).ToArray(),
                banded.Select(p => p.w.BaselineLow!.Value).ToArray(),
                banded.Select(p => p.w.BaselineHigh!.Value).ToArray());
            band.FillColor = ChartPalette.Band;
            band.LineWidth = 0;
            band.LegendText = "4-week baseline ± 95 %";
            var baseline = plot.Add.Scatter(banded.Select(p => (double)p.i).ToArray(), banded.Select(p => p.w.BaselineSentiment!.Value).ToArray());
            baseline.Color = ChartPalette.Fall;
            baseline.LinePattern = LinePattern.Dashed;
            baseline.MarkerSize = 0;
            baseline.LegendText = "4-week baseline";
        }

        var scored = weeks.Select((w, i) => (w, i)).Where(p => p.w.All.MeanSentiment is not null).ToList();
        if (scored.Count > 0)
        {
            var line = plot.Add.Scatter(scored.Select(p => (double)p.i).ToArray(), scored.Select(p => p.w.All.MeanSentiment!.Value).ToArray());
            line.Color = ChartPalette.Text;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = "mean sentiment of the week";
        }

        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        zero.LineWidth = 1;
        ChartCanvas.WeekTicks(plot, weeks.Select(w => w.Week).ToList());
        var values = scored.Select(p => p.w.All.MeanSentiment!.Value)
            .Concat(banded.SelectMany(p => new[] { p.w.BaselineLow!.Value, p.w.BaselineHigh!.Value })).DefaultIfEmpty(0).ToList();
        plot.Axes.SetLimitsY(Math.Max(-1, Math.Min(-0.1, values.Min() - 0.08)), Math.Min(1, Math.Max(0.1, values.Max() + 0.12)));
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartCanvas.Render(plot, Name, title,
            "Mean sentiment score of the week's texts (line) against the mean of the four weeks before (dashed) with its 95 % band; weeks without scored text have no point.");
    }
}
