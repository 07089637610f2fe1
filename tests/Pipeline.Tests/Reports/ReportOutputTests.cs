using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Output;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

/// <summary>The files of a report folder: what they hold, that data shows as text, and that a re-run writes the same.</summary>
public class ReportOutputTests
{
    private static async Task<string> WriteAsync(DateTimeOffset? generatedAt = null, string? folder = null)
    {
        var report = await ReportFixture.ReportAsync(generatedAt: generatedAt);
        folder ??= TestPaths.NewScratch("report");
        ReportFolder.Write(report, WeeklyCharts.Render(report), folder);
        return Path.Combine(folder, "2019-W40");
    }

    [Test]
    public async Task Write_Fixture_WritesEveryFileOfTheReportFolder()
    {
        var folder = await WriteAsync();

        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal);

        Assert.That(files, Is.EqualTo(new[]
        {
            "breakdown-channel.csv", "breakdown-company.csv", "breakdown-issue.csv", "breakdown-language.csv", "breakdown-product.csv", "breakdown-topic.csv",
            "charts/anger-escalations.svg", "charts/sentiment-trend.svg", "charts/top-movers.svg", "charts/topic-heatmap.svg", "charts/volume-by-channel.svg",
            "comparisons.csv", "emerging-topics.csv", "report.html", "report.md", "summary.json", "weekly-series.csv",
        }));
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(folder)!), Has.Length.EqualTo(1), "no partial or old folder left behind");
    }

    [Test]
    public async Task Html_HostileTextAndNames_AreEscaped()
    {
        var html = await File.ReadAllTextAsync(Path.Combine(await WriteAsync(), "report.html"));

        Assert.That(html, Does.Not.Contain("<script"));
        Assert.That(html, Does.Not.Contain("<img src=x"));
        Assert.That(html, Does.Contain("They charged me twice &lt;script&gt;console.error(&#39;injected&#39;)&lt;/script&gt; &amp; never answered my calls."));
        Assert.That(html, Does.Contain("Acme &lt;img src=x onerror=console.error(&#39;company&#39;)&gt; Bank"));
    }

    [Test]
    public async Task Markdown_HostileText_IsEscaped()
    {
        var md = await File.ReadAllTextAsync(Path.Combine(await WriteAsync(), "report.md"));

        Assert.That(md, Does.Not.Contain("<script"));
        Assert.That(md, Does.Contain("&lt;script&gt;console.error('injected')&lt;/script&gt; &amp; never"));
    }

    [Test]
    public async Task Html_SelfContained_LoadsNothingFromElsewhere()
    {
        var html = await File.ReadAllTextAsync(Path.Combine(await WriteAsync(), "report.html"));

        var sources = Regex.Matches(html, "\\ssrc=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        var links = Regex.Matches(html, "\\shref=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.That(sources, Has.Count.EqualTo(5).And.All.StartsWith("data:image/png;base64,"));
        Assert.That(links, Has.All.Match("^(charts/[a-z-]+\\.svg|\\.\\./index\\.html|\\.\\./\\d{4}-W\\d{2}/report\\.html|#behind-\\d+)$"),
            "only the SVG copies beside it, the index and the neighbouring weeks in the reports folder, and its own sections");
        Assert.That(html, Does.Not.Contain("<link").And.Not.Contain("@import").And.Not.Contain("url("));
        Assert.That(html, Does.Contain("@media print"));
    }

    [Test]
    public async Task Write_OverAnEarlierReport_ReplacesItWholeAndLeavesNothingBeside()
    {
        var parent = TestPaths.NewScratch("report");
        var folder = await WriteAsync(new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), parent);
        File.WriteAllText(Path.Combine(folder, "left-by-the-earlier-run.txt"), "earlier");

        await WriteAsync(new DateTimeOffset(2019, 10, 14, 9, 30, 0, TimeSpan.Zero), parent);

        Assert.That(File.ReadAllText(Path.Combine(folder, "report.md")), Does.Contain("2019-10-14 09:30"), "the new report is in place");
        Assert.That(File.Exists(Path.Combine(folder, "left-by-the-earlier-run.txt")), Is.False, "the earlier folder went whole");
        Assert.That(Directory.GetDirectories(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "2019-W40" }), "no partial or old folder left behind");
    }

    [Test]
    public async Task Write_AfterARunKilledBetweenTheTwoMoves_PutsThePreviousReportBackFirst()
    {
        // What a run killed between moving the old folder aside and moving the new one in leaves (where the one-step swap is missing).
        var parent = TestPaths.NewScratch("report");
        var folder = await WriteAsync(new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), parent);
        Directory.Move(folder, folder + ".old");
        Directory.CreateDirectory(folder + ".partial");
        File.WriteAllText(Path.Combine(folder + ".partial", "report.html"), "<html><body>half");

        await WriteAsync(new DateTimeOffset(2019, 10, 14, 9, 30, 0, TimeSpan.Zero), parent);

        Assert.That(File.ReadAllText(Path.Combine(folder, "report.html")), Does.EndWith("</html>\n").Or.EndWith("</html>"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "report.md")), Does.Contain("2019-10-14 09:30"));
        Assert.That(Directory.GetDirectories(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "2019-W40" }), "the old and the partial folder are gone");
    }

    [Test]
    public async Task Write_AfterARunKilledBeforeRemovingTheOldFolder_RemovesIt()
    {
        var parent = TestPaths.NewScratch("report");
        var folder = await WriteAsync(new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), parent);
        CopyFolder(folder, folder + ".old");

        await WriteAsync(new DateTimeOffset(2019, 10, 14, 9, 30, 0, TimeSpan.Zero), parent);

        Assert.That(File.ReadAllText(Path.Combine(folder, "report.md")), Does.Contain("2019-10-14 09:30"));
        Assert.That(Directory.GetDirectories(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "2019-W40" }), "the old folder is gone");

        static void CopyFolder(string from, string to)
        {
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }
    }

    [Test]
    public async Task Write_SameStoreTwice_GivesTheSameContentButTheGenerationTime()
    {
        var first = await WriteAsync(new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero));
        var second = await WriteAsync(new DateTimeOffset(2019, 10, 14, 9, 30, 0, TimeSpan.Zero));

        foreach (var file in Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)))
        {
            var a = Unstamped(await File.ReadAllTextAsync(Path.Combine(first, file)));
            var b = Unstamped(await File.ReadAllTextAsync(Path.Combine(second, file)));
            Assert.That(b, Is.EqualTo(a), file);
        }

        static string Unstamped(string text) => text.Replace("2019-10-07 06:00", "STAMP").Replace("2019-10-14 09:30", "STAMP")
            .Replace("2019-10-07T06:00:00Z", "STAMP").Replace("2019-10-14T09:30:00Z", "STAMP");
    }

    [Test]
    public async Task SummaryJson_Fixture_FollowsTheDocumentedSchema()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(await WriteAsync(), "summary.json")));
        var root = json.RootElement;

        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo("pipeline.weekly-report/1"));
        Assert.That((root.GetProperty("week").GetString(), root.GetProperty("start").GetString(), root.GetProperty("end").GetString()),
            Is.EqualTo(("2019-W40", "2019-09-30", "2019-10-06")));
        Assert.That(root.GetProperty("headlines").GetArrayLength(), Is.EqualTo(5));
        Assert.That(root.GetProperty("totals").GetProperty("volume").GetInt32(), Is.EqualTo(250));
        Assert.That(root.GetProperty("totals").GetProperty("anger").GetProperty("high").GetInt32(), Is.GreaterThan(0));

        var topic = root.GetProperty("emergingTopics").EnumerateArray().First();
        Assert.That((topic.GetProperty("id").GetInt32(), topic.GetProperty("new").GetBoolean(), topic.GetProperty("fromZero").GetBoolean()), Is.EqualTo((9, true, true)));
        Assert.That(topic.GetProperty("change").ValueKind, Is.EqualTo(JsonValueKind.Null), "a change from zero is no number");
        Assert.That(topic.GetProperty("examples").GetArrayLength(), Is.EqualTo(3));

        var spike = root.GetProperty("flagged").EnumerateArray()
            .Single(c => c.GetProperty("value").GetString() == "Mortgage" && c.GetProperty("metric").GetString() == "volume" && c.GetProperty("baseline").GetString() == "4-week average");
        Assert.That(spike.GetProperty("adjustedP").GetDouble(), Is.LessThan(0.001));
        Assert.That(spike.GetProperty("test").GetString(), Is.EqualTo("exact Poisson rate test"));

        var lastYear = root.GetProperty("comparisons").EnumerateArray()
            .Single(c => c.GetProperty("dimension").GetString() == "all" && c.GetProperty("metric").GetString() == "volume" && c.GetProperty("baseline").GetString() == "same week last year");
        Assert.That(lastYear.GetProperty("missing").GetString(), Is.EqualTo("no data for 2018-W40"));
        Assert.That(lastYear.GetProperty("change").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("charts").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public async Task BreakdownCsv_Product_HoldsEveryProductWithItsFigures()
    {
        using var reader = new StreamReader(Path.Combine(await WriteAsync(), "breakdown-product.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();

        Assert.That(rows.Select(r => r["value"]), Is.EqualTo(new[] { "Mortgage", "Credit reporting", "Student loan" }), "largest this week first");
        var mortgage = rows[0];
        Assert.That((mortgage["volume"], mortgage["previous_week_volume"], mortgage["same_week_last_year_volume"]), Is.EqualTo(("119", "40", "")));
        Assert.That(double.Parse((string)mortgage["four_week_average_volume"], CultureInfo.InvariantCulture), Is.EqualTo(40).Within(1));
    }
}
