using Pipeline.Reports.Weekly;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>Weekly volume by channel over the chart weeks: stacked bars, the reported week shaded.</summary>
public static class VolumeByChannelChart
{
    public const string Name = "volume-by-channel";

    public static RenderedChart Render(WeeklyReport report)
    {
        var weeks = report.History;
        var title = $"Weekly volume by channel, {weeks[0].Week} to {report.Week}";
        var plot = ChartCanvas.Create(report, title, $"ISO week (Monday start, {report.TimeZone})", "interactions");
        Highlight(plot, weeks.Count);
        var bottoms = ChartCanvas.StackedBars(plot, weeks,
            new[] { "complaint", "email", "call" }.Select(c => (c, ChartPalette.Channel(c), (Func<WeekSeries, int>)(w => w.Channels.GetValueOrDefault(c)))));
        ChartCanvas.WeekTicks(plot, weeks.Select(w => w.Week).ToList());
        plot.Axes.SetLimitsY(0, Math.Max(1, bottoms.Max()) * 1.12);
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartCanvas.Render(plot, Name, title,
            $"Interactions per ISO week by channel (complaint, e-mail, call), stacked; the shaded bar is {report.Week}.");
    }

    /// <summary>Shades the last (reported) week.</summary>
    public static void Highlight(Plot plot, int weeks)
    {
        var span = plot.Add.HorizontalSpan(weeks - 1.5, weeks - 0.5);
        span.FillColor = Color.FromHex("#f7dc6f").WithAlpha(0.25);
        span.LineWidth = 0;
    }
}
