using System.Text;
using Pipeline.Core.Time;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Weekly;

namespace Pipeline.Reports.Output;

/// <summary>
/// Writes a report's folder, <c>&lt;output&gt;/&lt;yyyy&gt;-W&lt;ww&gt;/</c>: report.html, report.md, summary.json, the
/// CSV tables and charts/*.svg. The folder is written beside its final place and swapped in whole, so a failed
/// run never leaves half a report and a re-run replaces the old one: on Linux the two folders trade places in one
/// step (<c>renameat2</c> with <c>RENAME_EXCHANGE</c>), so the previous report stays where it is until the new one is
/// whole, even when the process is killed (the crash tests kill it at random moments). Where that call is missing, the
/// old folder steps aside first (<c>.old</c>) and a run killed in between has it put back by the next run.
/// </summary>
public static class ReportFolder
{
    public static string Name(ReportingWeek week) => week.ToString();

    /// <returns>The files written, relative to the week's folder.</returns>
    /// <param name="behind">The interactions behind the flagged segments (none: no such section and no flagged-interactions.csv).</param>
    public static IReadOnlyList<string> Write(WeeklyReport report, IReadOnlyList<RenderedChart> charts, string outputDirectory, IReadOnlyList<FlaggedSegment>? behind = null)
    {
        behind ??= [];
        var target = Path.GetFullPath(Path.Combine(outputDirectory, Name(report.Week)));
        var staging = target + ".partial";
        Recover(target);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(staging, "charts"));
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var tables = new Dictionary<string, string>(ReportCsv.Tables(report));
        if (behind.Count > 0)
        {
            tables[ReportCsv.FlaggedInteractionsFile] = ReportCsv.FlaggedInteractions(behind);
        }

        var files = new List<string> { "report.html", "report.md", "summary.json" };
        files.AddRange(tables.Keys.Order(StringComparer.Ordinal));
        files.AddRange(charts.Select(c => $"charts/{c.Name}.svg"));

        foreach (var chart in charts)
        {
            File.WriteAllText(Path.Combine(staging, "charts", chart.Name + ".svg"), chart.Svg, utf8);
        }

        foreach (var (name, text) in tables)
        {
            File.WriteAllText(Path.Combine(staging, name), text, utf8);
        }

        File.WriteAllText(Path.Combine(staging, "summary.json"), SummaryJson.Write(report, charts, [.. tables.Keys.Order(StringComparer.Ordinal)]), utf8);
        File.WriteAllText(Path.Combine(staging, "report.md"), ReportMarkdown.Write(report, charts, behind), utf8);
        File.WriteAllText(Path.Combine(staging, "report.html"), ReportHtml.Write(report, charts, files.Skip(1).ToList(), behind), utf8);

        Swap(staging, target);
        return files;
    }

    /// <summary>
    /// Puts back the previous report that a run killed in the middle of a two-step swap left beside its place, or removes
    /// it when the new one got in before the kill.
    /// </summary>
    private static void Recover(string target)
    {
        var old = target + ".old";
        if (!Directory.Exists(old))
        {
            return;
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(old, target);
        }
    }

    private static void Swap(string staging, string target)
    {
        if (Directory.Exists(target) && FolderExchange.TryExchange(staging, target))
        {
            // The staging folder now holds the previous report.
            Directory.Delete(staging, recursive: true);
            return;
        }

        var old = target + ".old";
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }

        if (Directory.Exists(target))
        {
            Directory.Move(target, old);
        }

        Directory.Move(staging, target);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }
}
