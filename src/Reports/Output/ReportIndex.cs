using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Time;

namespace Pipeline.Reports.Output;

/// <summary>
/// The reports folder as a lead browses it: <c>index.html</c> lists every week that has a report, newest first, with
/// its volume, its flagged changes and the first of its five sentences, each linking the week's report.html; and every
/// report.html carries a navigation bar (<c>&lt;nav id="weeks"&gt;</c>) to the index and to the weeks before and after it
/// that have a report. <see cref="Update"/> rewrites both from the week folders' summary.json files after each report, so
/// the links stay right whatever order weeks are written in. Self-contained HTML, no script, data HTML-escaped.
/// </summary>
public static class ReportIndex
{
    public const string FileName = "index.html";

    private const string NavigationStart = "<nav id=\"weeks\">";
    private const string NavigationEnd = "</nav>";

    /// <summary>One week of the index, read from its summary.json (<see cref="Problem"/> says why it could not be).</summary>
    public sealed record Entry(ReportingWeek Week, string? Dates, long? Volume, int? Flagged, string? FirstHeadline, string? Problem);

    /// <summary>The navigation bar of a week's report: the index, and the weeks before and after it that have a report.</summary>
    public static string Navigation(ReportingWeek? previous, ReportingWeek? next)
    {
        var html = new StringBuilder(NavigationStart);
        html.Append("<a href=\"../").Append(FileName).Append("\">All weeks</a>");
        html.Append(previous is { } p ? $" · <a rel=\"prev\" href=\"../{E(ReportFolder.Name(p))}/report.html\">← {E(p.ToString())}</a>" : " · <span class=\"muted\">no earlier report</span>");
        html.Append(next is { } n ? $" · <a rel=\"next\" href=\"../{E(ReportFolder.Name(n))}/report.html\">{E(n.ToString())} →</a>" : " · <span class=\"muted\">no later report</span>");
        return html.Append(NavigationEnd).ToString();
    }

    /// <summary>
    /// Writes <c>index.html</c> in <paramref name="outputDirectory"/> and refreshes the navigation of each week's
    /// report.html whose neighbours changed. Each file is written beside its place and moved over it whole.
    /// </summary>
    /// <returns>The weeks listed, newest first.</returns>
    public static IReadOnlyList<Entry> Update(string outputDirectory)
    {
        var entries = Read(outputDirectory);
        Replace(Path.Combine(outputDirectory, FileName), Html(entries));

        // Oldest first, to give each week its neighbours.
        var weeks = entries.Select(e => e.Week).Reverse().ToList();
        for (var i = 0; i < weeks.Count; i++)
        {
            var page = Path.Combine(outputDirectory, ReportFolder.Name(weeks[i]), "report.html");
            if (!File.Exists(page))
            {
                continue;
            }

            var html = File.ReadAllText(page, Encoding.UTF8);
            var start = html.IndexOf(NavigationStart, StringComparison.Ordinal);
            var end = start < 0 ? -1 : html.IndexOf(NavigationEnd, start, StringComparison.Ordinal);
            if (end < 0)
            {
                // A report written before the navigation existed: left as it was (writing that week again adds it).
                continue;
            }

            var navigation = Navigation(i > 0 ? weeks[i - 1] : null, i < weeks.Count - 1 ? weeks[i + 1] : null);
            var current = html[start..(end + NavigationEnd.Length)];
            if (current != navigation)
            {
                Replace(page, string.Concat(html.AsSpan(0, start), navigation, html.AsSpan(end + NavigationEnd.Length)));
            }
        }

        return entries;
    }

    /// <summary>The week folders (named as ISO weeks) that hold a report.html, newest first.</summary>
    public static IReadOnlyList<Entry> Read(string outputDirectory)
    {
        if (!Directory.Exists(outputDirectory))
        {
            return [];
        }

        var entries = new List<Entry>();
        foreach (var folder in Directory.GetDirectories(outputDirectory))
        {
            if (!ReportingWeek.TryParse(Path.GetFileName(folder), out var week) || !File.Exists(Path.Combine(folder, "report.html")))
            {
                continue;
            }

            entries.Add(ReadSummary(week, Path.Combine(folder, "summary.json")));
        }

        return entries.OrderByDescending(e => e.Week).ToList();
    }

    private static Entry ReadSummary(ReportingWeek week, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var headlines = root.GetProperty("headlines");
            return new Entry(
                week,
                $"{root.GetProperty("start").GetString()} to {root.GetProperty("end").GetString()}",
                root.GetProperty("totals").GetProperty("volume").GetInt64(),
                root.GetProperty("flagged").GetArrayLength(),
                headlines.GetArrayLength() > 0 ? headlines[0].GetString() : null,
                null);
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return new Entry(week, null, null, null, null, $"summary.json cannot be read: {ex.Message}");
        }
    }

    private static string Html(IReadOnlyList<Entry> entries)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Weekly complaint reports</title>\n<style>\n").Append(ReportHtml.Style)
            .Append("\n#weeks th:nth-child(-n+2), #weeks td:nth-child(-n+2) { white-space: nowrap; text-align: left; } #weeks th:last-child, #weeks td:last-child { text-align: left; }")
            .Append("\n</style>\n</head>\n<body>\n")
            .Append("<header>\n<h1>Weekly complaint reports</h1>\n<p class=\"meta\">")
            .Append(E(entries.Count == 0 ? "No week has a report yet." : $"{entries.Count} {(entries.Count == 1 ? "week" : "weeks")}, newest first; each links its report."))
            .Append("</p>\n</header>\n");
        if (entries.Count > 0)
        {
            html.Append("<table id=\"weeks\">\n<thead><tr><th>Week</th><th>Dates</th><th>Interactions</th><th>Flagged changes</th><th>First of the five sentences</th></tr></thead>\n<tbody>\n");
            foreach (var entry in entries)
            {
                var name = ReportFolder.Name(entry.Week);
                html.Append("<tr id=\"").Append(E(name)).Append("\"><td><a href=\"").Append(E(name)).Append("/report.html\">").Append(E(entry.Week.ToString())).Append("</a></td>");
                if (entry.Problem is { } problem)
                {
                    html.Append("<td colspan=\"4\" class=\"muted\">").Append(E(problem)).Append("</td></tr>\n");
                    continue;
                }

                html.Append("<td>").Append(E(entry.Dates ?? "")).Append("</td><td>").Append(E(entry.Volume!.Value.ToString("N0", CultureInfo.InvariantCulture)))
                    .Append("</td><td").Append(entry.Flagged > 0 ? " class=\"flag\">" : ">").Append(E(entry.Flagged!.Value.ToString(CultureInfo.InvariantCulture)))
                    .Append("</td><td>").Append(E(entry.FirstHeadline ?? "")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Replace(string path, string text)
    {
        var partial = path + ".partial";
        File.WriteAllText(partial, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(partial, path, overwrite: true);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
