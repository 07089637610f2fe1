using System.Globalization;
using CsvHelper;
using Pipeline.Core;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Reports.Output;

/// <summary>
/// The CSV tables of a report (RFC 4180, UTF-8, invariant numbers, empty cells for "no value"): one per breakdown
/// with every value (not only the top ones shown in the HTML), every comparison, the emerging topics and the weekly
/// series behind the charts.
/// </summary>
public static class ReportCsv
{
    public static IReadOnlyDictionary<string, string> Tables(WeeklyReport report)
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var breakdown in report.Breakdowns)
        {
            tables[$"breakdown-{breakdown.Dimension}.csv"] = Write(csv =>
            {
                Header(csv, "value", "label", "volume", "previous_week_volume", "four_week_average_volume", "same_week_last_year_volume",
                    "with_text", "text_share", "scored", "mean_sentiment", "negative", "negative_share", "watch", "high", "critical",
                    "watch_rate", "high_rate", "critical_rate", "escalation_rate", "repeat_contacts", "repeat_rate", "bumps_sent");
                foreach (var row in breakdown.Rows)
                {
                    var m = row.Week;
                    Fields(csv, row.Segment.Value, row.Label, m.Volume, row.PreviousWeek.Volume, row.FourWeekAverageVolume, row.SameWeekLastYear?.Volume,
                        m.WithText, WeeklyMetrics.Share(m.WithText, m.Volume), m.Scored, m.MeanSentiment, m.Negative, WeeklyMetrics.Share(m.Negative, m.Scored),
                        m.Watch, m.High, m.Critical, WeeklyMetrics.Share(m.Watch, m.WithText), WeeklyMetrics.Share(m.High, m.WithText), WeeklyMetrics.Share(m.Critical, m.WithText),
                        WeeklyMetrics.Share(m.Escalated, m.WithText), m.Repeat, WeeklyMetrics.Share(m.Repeat, m.Volume), m.BumpsSent);
                }
            });
        }

        tables["comparisons.csv"] = Write(csv =>
        {
            Header(csv, "dimension", "value", "metric", "baseline", "baseline_label", "this_week", "baseline_value", "change", "change_from_zero",
                "missing", "note", "test", "p_value", "adjusted_p_value", "flagged");
            foreach (var c in report.Comparisons)
            {
                var infinite = c.Change is { } change && double.IsPositiveInfinity(change);
                Fields(csv, c.Segment.Dimension, c.Segment.Value, c.Metric.Name, c.Baseline.ToName(), c.BaselineLabel, c.Value, c.BaselineValue,
                    infinite ? null : c.Change, infinite, c.Missing, c.Note, c.Test, c.PValue, c.QValue, c.Flagged);
            }
        });

        tables["emerging-topics.csv"] = Write(csv =>
        {
            Header(csv, "topic_id", "label", "volume", "four_week_average", "new", "first_seen", "change", "adjusted_p_value", "example_ids");
            foreach (var t in report.EmergingTopics)
            {
                Fields(csv, t.Id, t.Label, t.Volume, t.FourWeekAverage, t.New, t.FirstSeen?.ToString(),
                    t.Change is { } change && double.IsPositiveInfinity(change) ? null : t.Change, t.QValue, string.Join(' ', t.Examples.Select(e => e.Id)));
            }
        });

        tables["weekly-series.csv"] = Write(csv =>
        {
            Header(csv, "week", "start", "has_data", "volume", "complaint", "email", "call", "with_text", "scored", "mean_sentiment", "negative",
                "watch", "high", "critical", "repeat_contacts", "bumps_sent", "baseline_sentiment", "baseline_low", "baseline_high");
            foreach (var w in report.History)
            {
                var m = w.All;
                Fields(csv, w.Week.ToString(), w.Week.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.HasData, m.Volume,
                    w.Channels.GetValueOrDefault("complaint"), w.Channels.GetValueOrDefault("email"), w.Channels.GetValueOrDefault("call"),
                    m.WithText, m.Scored, m.MeanSentiment, m.Negative, m.Watch, m.High, m.Critical, m.Repeat, m.BumpsSent,
                    w.BaselineSentiment, w.BaselineLow, w.BaselineHigh);
            }
        });
        return tables;
    }

    public const string FlaggedInteractionsFile = "flagged-interactions.csv";

    /// <summary>Every interaction of the week behind each flagged segment (an interaction in two segments is listed under each).</summary>
    public static string FlaggedInteractions(IReadOnlyList<FlaggedSegment> behind) => Write(csv =>
    {
        Header(csv, "dimension", "value", "label", "id", "received_at", "channel", "sentiment", "sentiment_score", "anger_level");
        foreach (var segment in behind)
        {
            foreach (var row in segment.All)
            {
                Fields(csv, segment.Segment.Dimension, segment.Segment.Value, segment.Label, row.Id,
                    row.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), row.Channel.ToName(),
                    row.SentimentClass?.ToName(), row.SentimentScore, row.AngerLevel?.ToName());
            }
        }
    });

    private static string Write(Action<CsvWriter> body)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            body(csv);
        }

        return text.ToString();
    }

    private static void Header(CsvWriter csv, params string[] names)
    {
        foreach (var name in names)
        {
            csv.WriteField(name);
        }

        csv.NextRecord();
    }

    private static void Fields(CsvWriter csv, params object?[] values)
    {
        foreach (var value in values)
        {
            csv.WriteField(value switch
            {
                null => "",
                double d when double.IsNaN(d) || double.IsInfinity(d) => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            });
        }

        csv.NextRecord();
    }
}
