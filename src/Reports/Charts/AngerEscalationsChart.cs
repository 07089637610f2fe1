using Pipeline.Core;
using Pipeline.Reports.Weekly;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>Anger escalations per week by level (watch, high, critical), stacked.</summary>
public static class AngerEscalationsChart
{
    public const string Name = "anger-escalations";

    public static RenderedChart Render(WeeklyReport report)
    {
        var weeks = report.History;
        var title = $"Anger escalations per week by level, {weeks[0].Week} to {report.Week}";
        var plot = ChartCanvas.Create(report, title, $"ISO week (Monday start, {report.TimeZone})", "interactions");
        VolumeByChannelChart.Highlight(plot, weeks.Count);
        var bottoms = ChartCanvas.StackedBars(plot, weeks,
        [
            (AngerLevel.Watch.ToName(), ChartPalette.Anger(AngerLevel.Watch), w => w.All.Watch),
            (AngerLevel.High.ToName(), ChartPalette.Anger(AngerLevel.High), w => w.All.High),
            (AngerLevel.Critical.ToName(), ChartPalette.Anger(AngerLevel.Critical), w => w.All.Critical),
        ]);
        ChartCanvas.WeekTicks(plot, weeks.Select(w => w.Week).ToList());
        plot.Axes.SetLimitsY(0, Math.Max(1, bottoms.Max()) * 1.15);
        plot.ShowLegend(Alignment.UpperLeft);
        return ChartCanvas.Render(plot, Name, title,
            "Interactions per week at each anger level: watch (yellow), high (orange) and critical (red); high and critical are escalations.");
    }
}
