using Pipeline.Reports.Weekly;

namespace Pipeline.Reports.Charts;

/// <summary>The five charts of a weekly report, in the order the report shows them.</summary>
public static class WeeklyCharts
{
    public static IReadOnlyList<RenderedChart> Render(WeeklyReport report) =>
    [
        VolumeByChannelChart.Render(report),
        SentimentTrendChart.Render(report),
        TopicHeatmapChart.Render(report),
        TopMoversChart.Render(report, report.Options.TopValues),
        AngerEscalationsChart.Render(report),
    ];
}
