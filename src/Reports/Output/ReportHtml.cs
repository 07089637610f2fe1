using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Core;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Reports.Output;

/// <summary>
/// report.html: one self-contained file (styles inline, charts as inlined PNG, no script, nothing fetched), which
/// works offline and prints well. Every piece of text that comes from data (interaction excerpts, products, labels,
/// sentences) is HTML-escaped, so a complaint containing &lt;script&gt; shows as text.
/// </summary>
public static class ReportHtml
{
    /// <summary>The styles of report.html, which the index shares.</summary>
    internal const string Style = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222; max-width: 1080px; margin: 0 auto; padding: 24px; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 1.8em; } h3 { margin-bottom: 0.3em; }
        .meta { color: #555; font-size: 0.92em; }
        nav#weeks { font-size: 0.92em; margin-bottom: 0.6em; } nav#weeks a { color: #1f5f8b; }
        ol.headlines { font-size: 1.08em; padding-left: 1.4em; } ol.headlines li { margin: 0.45em 0; }
        table { border-collapse: collapse; width: 100%; font-size: 0.88em; margin: 0.6em 0 1.2em; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 6px; text-align: right; vertical-align: top; }
        th:first-child, td:first-child { text-align: left; } th { background: #f4f6f7; }
        td.flag { color: #c0392b; font-weight: bold; } .muted { color: #888; }
        figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; } figcaption { font-size: 0.9em; color: #444; }
        .swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px; margin-right: 0.4em; vertical-align: -0.1em; }
        blockquote { margin: 0.5em 0 0.8em; padding: 0.4em 0.8em; border-left: 4px solid #ccc; background: #fafafa; white-space: pre-wrap; overflow-wrap: anywhere; }
        blockquote .source { display: block; color: #666; font-size: 0.85em; margin-top: 0.3em; white-space: normal; }
        @media print { nav#weeks { display: none; } body { max-width: none; padding: 0; font-size: 10pt; } figure, table, li, blockquote, .topic { break-inside: avoid; } h2 { break-after: avoid; } a { color: inherit; text-decoration: none; } }
        """;

    public static string Write(WeeklyReport report, IReadOnlyList<RenderedChart> charts, IReadOnlyList<string> files, IReadOnlyList<FlaggedSegment>? behind = null)
    {
        behind ??= [];
        var html = new StringBuilder();
        var title = $"Weekly complaint report {report.Week}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append(ReportIndex.Navigation(null, null)).Append('\n');
        html.Append("<header>\n<h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">")
            .Append(E($"{Wording.Dates(report.Week)} (ISO week, Monday start, {report.TimeZone}) · {Wording.Plural(report.Totals.Volume, "interaction")}{(report.Totals.Unscored > 0 ? $" ({Wording.Count(report.Totals.Unscored)} not scored yet)" : "")} · generated {report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC from {report.Store}"))
            .Append("</p>\n</header>\n");

        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n<ol class=\"headlines\">\n");
        foreach (var headline in report.Headlines)
        {
            html.Append("<li class=\"headline\">").Append(E(headline)).Append("</li>\n");
        }

        html.Append("</ol>\n</section>\n");

        html.Append("<section id=\"charts\">\n<h2>Charts</h2>\n");
        foreach (var chart in charts)
        {
            html.Append("<figure id=\"chart-").Append(E(chart.Name)).Append("\">\n<img class=\"chart\" src=\"data:image/png;base64,")
                .Append(Convert.ToBase64String(chart.Png)).Append("\" width=\"").Append(chart.Width.ToString(CultureInfo.InvariantCulture))
                .Append("\" height=\"").Append(chart.Height.ToString(CultureInfo.InvariantCulture)).Append("\" alt=\"").Append(E(chart.Title + ". " + chart.Description)).Append("\">\n")
                .Append("<figcaption>").Append(E(chart.Description)).Append(" (<a href=\"charts/").Append(E(chart.Name)).Append(".svg\">SVG</a>)</figcaption>\n</figure>\n");
        }

        html.Append("</section>\n");
        KeyFigures(html, report);
        EmergingTopics(html, report);
        Flagged(html, report, behind);
        Behind(html, behind);
        Breakdowns(html, report);
        Methods(html, report, files);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void KeyFigures(StringBuilder html, WeeklyReport report)
    {
        html.Append("<section id=\"figures\">\n<h2>Key figures</h2>\n<table>\n<thead><tr><th>Figure</th><th>This week</th>")
            .Append("<th>Previous week</th><th>4-week average</th><th>Same week last year</th></tr></thead>\n<tbody>\n");
        foreach (var metric in Metric.All)
        {
            var all = report.Of(Segment.All, metric).ToList();
            html.Append("<tr><td>").Append(E(metric.Name)).Append("</td><td>").Append(E(Wording.Value(metric, metric.ValueOf(report.Totals)))).Append("</td>");
            foreach (var baseline in new[] { Baseline.PreviousWeek, Baseline.FourWeekAverage, Baseline.SameWeekLastYear })
            {
                var c = all.Single(x => x.Baseline == baseline);
                html.Append(Cell(c, report.Options.FalseDiscoveryRate));
            }

            html.Append("</tr>\n");
        }

        var month = report.Comparisons.Single(c => c.Baseline == Baseline.PreviousMonthToDate);
        html.Append("</tbody>\n</table>\n<p>Month to date: ").Append(E(month.Missing is { } missing
                ? $"{Wording.Value(Metric.Volume, month.Value)} interactions; no comparison ({missing})."
                : $"{Wording.Value(Metric.Volume, month.Value)} interactions against {Wording.Value(Metric.Volume, month.BaselineValue)} in the same days of the previous month ({month.BaselineLabel}): {Wording.Change(month)}, {Wording.Significance(month, report.Options.FalseDiscoveryRate)}."))
            .Append("</p>\n<p class=\"muted\">Each cell: the baseline's value, then this week's change against it. ▲/▼ in red marks a flagged change.</p>\n</section>\n");
    }

    private static string Cell(Comparison c, double falseDiscoveryRate)
    {
        if (c.Missing is { } missing)
        {
            return $"<td class=\"muted\">{E(missing)}</td>";
        }

        var text = $"{Wording.Value(c.Metric, c.BaselineValue, average: true)} ({Wording.Change(c)})";
        return c.Flagged
            ? $"<td class=\"flag\" title=\"{E(Wording.Significance(c, falseDiscoveryRate))}\">{(c.Change > 0 ? "▲" : "▼")} {E(text)}</td>"
            : $"<td>{E(text)}</td>";
    }

    private static void EmergingTopics(StringBuilder html, WeeklyReport report)
    {
        html.Append("<section id=\"emerging\">\n<h2>Emerging topics</h2>\n");
        if (report.EmergingTopics.Count == 0)
        {
            html.Append("<p>No topic is new this week, and none rose significantly against its 4-week average.</p>\n");
        }

        foreach (var topic in report.EmergingTopics)
        {
            html.Append("<div class=\"topic\">\n<h3><span class=\"swatch\" style=\"background:").Append(ChartPalette.Hex(ChartPalette.Topic(topic.Id))).Append("\"></span>")
                .Append(E($"Topic {topic.Id}: {topic.Label}")).Append("</h3>\n<p>")
                .Append(E(topic.New
                    ? $"New this week: {Wording.Plural(topic.Volume, "interaction")}, and none in any earlier week."
                    : $"Rising: {Wording.Plural(topic.Volume, "interaction")} against a 4-week average of {Wording.Value(Metric.Volume, topic.FourWeekAverage, average: true)} ({(topic.Change is { } ch && double.IsPositiveInfinity(ch) ? "from zero" : Wording.Signed(topic.Change!.Value * 100, "0") + " %")}, adjusted {Wording.P(topic.QValue ?? 1)}); first seen {topic.FirstSeen}."))
                .Append("</p>\n");
            foreach (var example in topic.Examples)
            {
                html.Append("<blockquote>").Append(E(example.Excerpt)).Append("<span class=\"source\">")
                    .Append(E($"{example.Channel} {example.Id}, {example.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (redacted)")).Append("</span></blockquote>\n");
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void Flagged(StringBuilder html, WeeklyReport report, IReadOnlyList<FlaggedSegment> behind)
    {
        var flagged = report.Flagged.ToList();
        html.Append("<section id=\"flagged\">\n<h2>All flagged changes</h2>\n");
        if (flagged.Count == 0)
        {
            html.Append("<p>").Append(E($"No change this week passed the tests ({report.TestCount} tests, false discovery rate {Wording.Percent(report.Options.FalseDiscoveryRate)}).")).Append("</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th>Segment</th><th>Figure</th><th>Against</th><th>This week</th><th>Baseline</th><th>Change</th><th>Test</th><th>p</th><th>Adjusted p</th></tr></thead>\n<tbody>\n");
        foreach (var c in flagged.OrderBy(c => c.QValue).ThenBy(c => c.Segment.Dimension, StringComparer.Ordinal).ThenBy(c => c.Segment.Value, StringComparer.Ordinal))
        {
            var anchor = Anchor(behind, c.Segment);
            html.Append("<tr><td>").Append(anchor is null ? E(report.Describe(c.Segment)) : $"<a href=\"#{anchor}\">{E(report.Describe(c.Segment))}</a>").Append("</td><td>").Append(E(c.Metric.Name)).Append("</td><td>")
                .Append(E($"{c.Baseline.ToName()} ({c.BaselineLabel})")).Append("</td><td>").Append(E(Wording.Value(c.Metric, c.Value)))
                .Append("</td><td>").Append(E(Wording.Value(c.Metric, c.BaselineValue, average: true))).Append("</td><td class=\"flag\">").Append(E(Wording.Change(c)))
                .Append("</td><td>").Append(E(c.Test ?? "")).Append("</td><td>").Append(E(Wording.P(c.PValue!.Value))).Append("</td><td>")
                .Append(E(Wording.P(c.QValue!.Value))).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>The id of a flagged segment's list of interactions, or <c>null</c> when it has none (the whole week).</summary>
    private static string? Anchor(IReadOnlyList<FlaggedSegment> behind, Trends.Segment segment)
    {
        for (var i = 0; i < behind.Count; i++)
        {
            if (behind[i].Segment == segment)
            {
                return $"behind-{i + 1}";
            }
        }

        return null;
    }

    private static void Behind(StringBuilder html, IReadOnlyList<FlaggedSegment> behind)
    {
        if (behind.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"behind\">\n<h2>What moved: the interactions behind the flagged segments</h2>\n<p class=\"muted\">")
            .Append(E($"The angriest, then the most negative, of each flagged segment this week, as stored (personal data redacted); {ReportCsv.FlaggedInteractionsFile} lists every one of them."))
            .Append("</p>\n");
        for (var i = 0; i < behind.Count; i++)
        {
            var segment = behind[i];
            html.Append("<div class=\"segment\" id=\"behind-").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("\">\n<h3>").Append(E(segment.Label)).Append("</h3>\n<p>")
                .Append(E(segment.Shown.Count < segment.All.Count
                    ? $"{Wording.Plural(segment.All.Count, "interaction")} this week; {segment.Shown.Count} shown."
                    : $"{Wording.Plural(segment.All.Count, "interaction")} this week.")).Append("</p>\n");
            foreach (var shown in segment.Shown)
            {
                html.Append("<blockquote>").Append(E(shown.Excerpt)).Append("<span class=\"source\">")
                    .Append(E($"{shown.Channel.ToName()} {shown.Id}, {shown.ReceivedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; sentiment {shown.Sentiment?.ToName() ?? "not scored"}, anger {shown.Anger?.ToName() ?? "not scored"} (redacted)"))
                    .Append("</span></blockquote>\n");
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void Breakdowns(StringBuilder html, WeeklyReport report)
    {
        html.Append("<section id=\"breakdowns\">\n<h2>Breakdowns</h2>\n");
        foreach (var breakdown in report.Breakdowns)
        {
            html.Append("<h3>By ").Append(E(breakdown.Dimension)).Append("</h3>\n");
            if (breakdown.Rows.Count == 0)
            {
                html.Append("<p class=\"muted\">No interaction this week or in its baselines has a ").Append(E(breakdown.Dimension)).Append(".</p>\n");
                continue;
            }

            html.Append("<table>\n<thead><tr><th>").Append(E(breakdown.Dimension)).Append("</th><th>Volume</th><th>Previous week</th><th>4-week average</th><th>Same week last year</th>")
                .Append("<th>With text</th><th>Mean sentiment</th><th>Negative</th><th>Watch</th><th>High</th><th>Critical</th><th>Escalation rate</th><th>Repeat contacts</th><th>Bumps sent</th></tr></thead>\n<tbody>\n");
            foreach (var row in breakdown.Rows.Take(report.Options.TopValues))
            {
                var m = row.Week;
                var flagged = report.Comparisons.Where(c => c.Segment == row.Segment && c.Flagged).Select(c => c.Metric).ToHashSet();
                string Td(Metric metric, string text) => flagged.Contains(metric) ? $"<td class=\"flag\">{E(text)}</td>" : $"<td>{E(text)}</td>";
                html.Append("<tr><td>");
                if (row.Segment.Dimension == "topic")
                {
                    html.Append("<span class=\"swatch\" style=\"background:").Append(ChartPalette.Hex(ChartPalette.Topic(int.Parse(row.Segment.Value, CultureInfo.InvariantCulture)))).Append("\"></span>");
                }

                html.Append(E(row.Label)).Append("</td>")
                    .Append(Td(Metric.Volume, Wording.Count(m.Volume)))
                    .Append("<td>").Append(E(Wording.Count(row.PreviousWeek.Volume))).Append("</td><td>").Append(E(Wording.Value(Metric.Volume, row.FourWeekAverageVolume, average: true)))
                    .Append("</td><td>").Append(E(row.SameWeekLastYear is { } last ? Wording.Count(last.Volume) : "no data")).Append("</td>")
                    .Append(Td(Metric.TextShare, Wording.Value(Metric.TextShare, Metric.TextShare.ValueOf(m))))
                    .Append(Td(Metric.MeanSentiment, Wording.Value(Metric.MeanSentiment, m.MeanSentiment)))
                    .Append(Td(Metric.NegativeShare, Wording.Value(Metric.NegativeShare, Metric.NegativeShare.ValueOf(m))))
                    .Append("<td>").Append(E(Wording.Count(m.Watch))).Append("</td><td>").Append(E(Wording.Count(m.High))).Append("</td><td>").Append(E(Wording.Count(m.Critical))).Append("</td>")
                    .Append(Td(Metric.EscalationRate, Wording.Value(Metric.EscalationRate, Metric.EscalationRate.ValueOf(m))))
                    .Append(Td(Metric.RepeatRate, Wording.Value(Metric.RepeatRate, Metric.RepeatRate.ValueOf(m))))
                    .Append(Td(Metric.BumpsSent, Wording.Count(m.BumpsSent)))
                    .Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
            if (breakdown.Rows.Count > report.Options.TopValues)
            {
                html.Append("<p class=\"muted\">").Append(E($"{breakdown.Rows.Count - report.Options.TopValues} more in breakdown-{breakdown.Dimension}.csv (every value is tested).")).Append("</p>\n");
            }
        }

        html.Append("</section>\n");
    }

    private static void Methods(StringBuilder html, WeeklyReport report, IReadOnlyList<string> files)
    {
        var o = report.Options;
        html.Append("<section id=\"methods\">\n<h2>How to read this report</h2>\n<ul>\n")
            .Append("<li>").Append(E($"Weeks are ISO weeks (Monday to Sunday) in {report.TimeZone}. Every figure of every segment is compared with the previous week, the mean of the four weeks before and the same ISO week one year earlier; the volume also month to date against the same days of the previous month. A baseline without any data is said so (\"no data for …\"), never shown as a 0 % change.")).Append("</li>\n")
            .Append("<li>").Append(E($"Counts are tested with the exact Poisson rate test (with a negative binomial when the four weeks vary more than Poisson counts do), shares with the two-proportion z-test, the mean sentiment with Welch's t-test. All {report.TestCount} tests of this report are adjusted together with Benjamini–Hochberg (false discovery rate {Wording.Percent(o.FalseDiscoveryRate)}).")).Append("</li>\n")
            .Append("<li>").Append(E($"A change is flagged only when it is significant after that adjustment, the segment has at least {o.MinVolume} interactions (this week or on average in the baseline), counts of events reach {o.MinEvents}, and the change is at least ±{o.MinRelativeChange * 100:0} % for counts, ±{o.MinRateChange * 100:0} points for shares or ±{o.MinSentimentChange:0.00} for the mean sentiment.")).Append("</li>\n")
            .Append("<li>").Append(E("Sentiment runs from −1 (negative) to +1 (positive); an escalation is an anger level of high or critical; a repeat contact is an interaction from a customer who had been in touch in the days before; texts are shown as stored, with personal data redacted.")).Append("</li>\n")
            .Append("<li>Files beside this one: ").Append(E(string.Join(", ", files))).Append(".</li>\n</ul>\n</section>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
