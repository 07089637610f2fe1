using System.Globalization;
using System.Text;
using Pipeline.Core;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Reports.Output;

/// <summary>report.md: the same report for a wiki or a pull request, with the charts as the SVG files beside it.</summary>
public static class ReportMarkdown
{
    public static string Write(WeeklyReport report, IReadOnlyList<RenderedChart> charts, IReadOnlyList<FlaggedSegment>? behind = null)
    {
        behind ??= [];
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Weekly complaint report {report.Week}\n\n")
          .Append(CultureInfo.InvariantCulture, $"{Wording.Dates(report.Week)} (ISO week, Monday start, {report.TimeZone}) · {Wording.Plural(report.Totals.Volume, "interaction")} · generated {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC from {Cell(report.Store)}\n\n")
          .Append("## Summary\n\n");
        var n = 1;
        foreach (var headline in report.Headlines)
        {
            md.Append(CultureInfo.InvariantCulture, $"{n++}. {Text(headline)}\n");
        }

        md.Append("\n## Key figures\n\n| Figure | This week | Previous week | 4-week average | Same week last year |\n|---|---:|---:|---:|---:|\n");
        foreach (var metric in Metric.All)
        {
            var cells = new[] { Baseline.PreviousWeek, Baseline.FourWeekAverage, Baseline.SameWeekLastYear }
                .Select(b => report.Of(Segment.All, metric).Single(c => c.Baseline == b))
                .Select(c => c.Missing ?? $"{Wording.Value(c.Metric, c.BaselineValue, average: true)} ({Wording.Change(c)}){(c.Flagged ? " **flagged**" : "")}");
            md.Append(CultureInfo.InvariantCulture, $"| {metric.Name} | {Wording.Value(metric, metric.ValueOf(report.Totals))} | {string.Join(" | ", cells.Select(Cell))} |\n");
        }

        md.Append("\n## Charts\n\n");
        foreach (var chart in charts)
        {
            md.Append(CultureInfo.InvariantCulture, $"![{Cell(chart.Title)}](charts/{chart.Name}.svg)\n\n{Text(chart.Description)}\n\n");
        }

        md.Append("## Emerging topics\n\n");
        if (report.EmergingTopics.Count == 0)
        {
            md.Append("No topic is new this week, and none rose significantly against its 4-week average.\n\n");
        }

        foreach (var topic in report.EmergingTopics)
        {
            md.Append(CultureInfo.InvariantCulture, $"### Topic {topic.Id}: {Text(topic.Label)}\n\n")
              .Append(topic.New ? $"New this week: {Wording.Count(topic.Volume)} interactions.\n\n"
                  : $"Rising: {Wording.Count(topic.Volume)} interactions against a 4-week average of {Wording.Value(Metric.Volume, topic.FourWeekAverage, average: true)} (adjusted {Wording.P(topic.QValue ?? 1)}).\n\n");
            foreach (var example in topic.Examples)
            {
                md.Append("> ").Append(Text(example.Excerpt).Replace("\n", "\n> ", StringComparison.Ordinal))
                  .Append(CultureInfo.InvariantCulture, $"\n>\n> — {example.Channel} {example.Id}, {example.ReceivedAt:yyyy-MM-dd} (redacted)\n\n");
            }
        }

        md.Append("## Flagged changes\n\n");
        var flagged = report.Flagged.OrderBy(c => c.QValue).ToList();
        if (flagged.Count == 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"No change this week passed the tests ({report.TestCount} tests).\n\n");
        }
        else
        {
            md.Append("| Segment | Figure | Against | This week | Baseline | Change | Adjusted p |\n|---|---|---|---:|---:|---:|---:|\n");
            foreach (var c in flagged)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(report.Describe(c.Segment))} | {c.Metric.Name} | {c.Baseline.ToName()} ({c.BaselineLabel}) | {Wording.Value(c.Metric, c.Value)} | {Wording.Value(c.Metric, c.BaselineValue, average: true)} | {Wording.Change(c)} | {Wording.P(c.QValue!.Value)} |\n");
            }

            md.Append('\n');
        }

        if (behind.Count > 0)
        {
            md.Append("## What moved: the interactions behind the flagged segments\n\n")
                .Append(CultureInfo.InvariantCulture, $"The angriest, then the most negative, as stored (personal data redacted); {ReportCsv.FlaggedInteractionsFile} lists every one.\n\n");
            foreach (var segment in behind)
            {
                md.Append(CultureInfo.InvariantCulture, $"### {Text(segment.Label)}\n\n{Wording.Plural(segment.All.Count, "interaction")} this week.\n\n");
                foreach (var shown in segment.Shown)
                {
                    md.Append("> ").Append(Text(shown.Excerpt).Replace("\n", "\n> ", StringComparison.Ordinal)).Append("\n>\n> ")
                        .Append(CultureInfo.InvariantCulture, $"— {shown.Channel.ToName()} {Text(shown.Id)}, {shown.ReceivedAt:yyyy-MM-dd}; sentiment {shown.Sentiment?.ToName() ?? "not scored"}, anger {shown.Anger?.ToName() ?? "not scored"}\n\n");
                }
            }
        }

        md.Append("## Breakdowns\n\n");
        foreach (var breakdown in report.Breakdowns)
        {
            md.Append(CultureInfo.InvariantCulture, $"### By {breakdown.Dimension}\n\n| {breakdown.Dimension} | Volume | Previous week | 4-week average | Mean sentiment | Negative | Escalations | Repeat contacts | Bumps sent |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var row in breakdown.Rows.Take(report.Options.TopValues))
            {
                var m = row.Week;
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(row.Label)} | {Wording.Count(m.Volume)} | {Wording.Count(row.PreviousWeek.Volume)} | {Wording.Value(Metric.Volume, row.FourWeekAverageVolume, average: true)} | {Wording.Value(Metric.MeanSentiment, m.MeanSentiment)} | {Wording.Value(Metric.NegativeShare, Metric.NegativeShare.ValueOf(m))} | {Wording.Count(m.Escalated)} | {Wording.Value(Metric.RepeatRate, Metric.RepeatRate.ValueOf(m))} | {Wording.Count(m.BumpsSent)} |\n");
            }

            if (breakdown.Rows.Count > report.Options.TopValues)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n{breakdown.Rows.Count - report.Options.TopValues} more in breakdown-{breakdown.Dimension}.csv.\n");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>Text for a table cell: pipes and line breaks would break the table; markup characters are escaped.</summary>
    private static string Cell(string text) => Text(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Escapes Markdown and HTML markup so data shows as text.</summary>
    private static string Text(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Replace("\r", "", StringComparison.Ordinal))
        {
            switch (ch)
            {
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#':
                    sb.Append('\\').Append(ch);
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        return sb.ToString();
    }
}
