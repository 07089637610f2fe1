using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Trends;
using Pipeline.Reports.Weekly;

namespace Pipeline.Reports.Output;

/// <summary>
/// summary.json, the machine-readable report (schema "pipeline.weekly-report/1", documented in the README): the week,
/// the headlines, the totals, every comparison, the emerging topics, the files. Numbers that have no value (no
/// baseline, no text to score) are null; a change from zero is null with <c>"fromZero": true</c>.
/// </summary>
public static class SummaryJson
{
    public const string Schema = "pipeline.weekly-report/1";

    public static string Write(WeeklyReport report, IReadOnlyList<RenderedChart> charts, IReadOnlyList<string> tables)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("week", report.Week.ToString());
            json.WriteString("start", Date(report.Week.Start));
            json.WriteString("end", Date(report.Week.End.AddDays(-1)));
            json.WriteString("timeZone", report.TimeZone);
            json.WriteString("generatedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("store", report.Store);

            json.WriteStartArray("headlines");
            foreach (var headline in report.Headlines)
            {
                json.WriteStringValue(headline);
            }

            json.WriteEndArray();

            json.WritePropertyName("totals");
            Figures(json, report.Totals);

            json.WritePropertyName("settings");
            json.WriteStartObject();
            json.WriteNumber("minVolume", report.Options.MinVolume);
            json.WriteNumber("minEvents", report.Options.MinEvents);
            json.WriteNumber("minRelativeChange", report.Options.MinRelativeChange);
            json.WriteNumber("minRateChange", report.Options.MinRateChange);
            json.WriteNumber("minSentimentChange", report.Options.MinSentimentChange);
            json.WriteNumber("falseDiscoveryRate", report.Options.FalseDiscoveryRate);
            json.WriteNumber("tests", report.TestCount);
            json.WriteEndObject();

            json.WriteStartArray("flagged");
            foreach (var c in report.Flagged)
            {
                Comparison(json, report, c);
            }

            json.WriteEndArray();

            json.WriteStartArray("emergingTopics");
            foreach (var topic in report.EmergingTopics)
            {
                json.WriteStartObject();
                json.WriteNumber("id", topic.Id);
                json.WriteString("label", topic.Label);
                json.WriteNumber("volume", topic.Volume);
                Number(json, "fourWeekAverage", topic.FourWeekAverage);
                json.WriteBoolean("new", topic.New);
                json.WriteString("firstSeen", topic.FirstSeen?.ToString());
                Change(json, topic.Change);
                Number(json, "adjustedP", topic.QValue);
                json.WriteStartArray("examples");
                foreach (var example in topic.Examples)
                {
                    json.WriteStartObject();
                    json.WriteString("id", example.Id);
                    json.WriteString("channel", example.Channel);
                    json.WriteString("receivedAt", example.ReceivedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                    json.WriteString("excerpt", example.Excerpt);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // Every comparison of all interactions, and those of segments that were tested; comparisons.csv holds every one.
            json.WriteStartArray("comparisons");
            foreach (var c in report.Comparisons.Where(c => c.Segment == Segment.All || c.PValue is not null))
            {
                Comparison(json, report, c);
            }

            json.WriteEndArray();

            json.WriteStartArray("charts");
            foreach (var chart in charts)
            {
                json.WriteStartObject();
                json.WriteString("name", chart.Name);
                json.WriteString("title", chart.Title);
                json.WriteString("svg", $"charts/{chart.Name}.svg");
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("tables");
            foreach (var table in tables)
            {
                json.WriteStringValue(table);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Figures(Utf8JsonWriter json, WeeklyMetrics m)
    {
        json.WriteStartObject();
        json.WriteNumber("volume", m.Volume);
        json.WriteNumber("withText", m.WithText);
        Number(json, "textShare", WeeklyMetrics.Share(m.WithText, m.Volume));
        json.WriteNumber("scored", m.Scored);
        Number(json, "meanSentiment", m.MeanSentiment);
        Number(json, "negativeShare", WeeklyMetrics.Share(m.Negative, m.Scored));
        json.WritePropertyName("anger");
        json.WriteStartObject();
        json.WriteNumber("watch", m.Watch);
        json.WriteNumber("high", m.High);
        json.WriteNumber("critical", m.Critical);
        json.WriteEndObject();
        json.WritePropertyName("angerRate");
        json.WriteStartObject();
        Number(json, "watch", WeeklyMetrics.Share(m.Watch, m.WithText));
        Number(json, "high", WeeklyMetrics.Share(m.High, m.WithText));
        Number(json, "critical", WeeklyMetrics.Share(m.Critical, m.WithText));
        json.WriteEndObject();
        json.WriteNumber("escalations", m.Escalated);
        Number(json, "escalationRate", WeeklyMetrics.Share(m.Escalated, m.WithText));
        Number(json, "repeatContactRate", WeeklyMetrics.Share(m.Repeat, m.Volume));
        json.WriteNumber("bumpsSent", m.BumpsSent);
        json.WriteEndObject();
    }

    private static void Comparison(Utf8JsonWriter json, WeeklyReport report, Comparison c)
    {
        json.WriteStartObject();
        json.WriteString("dimension", c.Segment.Dimension);
        json.WriteString("value", c.Segment.Value);
        json.WriteString("segment", report.Describe(c.Segment));
        json.WriteString("metric", c.Metric.Name);
        json.WriteString("kind", c.Metric.Kind.ToString().ToLowerInvariant());
        json.WriteString("baseline", c.Baseline.ToName());
        json.WriteString("baselineLabel", c.BaselineLabel);
        Number(json, "thisWeek", c.Value);
        Number(json, "baselineValue", c.BaselineValue);
        Change(json, c.Change);
        json.WriteString("missing", c.Missing);
        json.WriteString("note", c.Note);
        json.WriteString("test", c.Test);
        Number(json, "p", c.PValue);
        Number(json, "adjustedP", c.QValue);
        json.WriteBoolean("flagged", c.Flagged);
        json.WriteEndObject();
    }

    private static void Change(Utf8JsonWriter json, double? change)
    {
        var fromZero = change is { } c && double.IsPositiveInfinity(c);
        Number(json, "change", fromZero ? null : change);
        json.WriteBoolean("fromZero", fromZero);
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 10));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
