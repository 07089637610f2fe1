using System.Text.Json.Nodes;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Output;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

/// <summary>report.html as a support lead sees it: opened in a real headless Chromium, screenshotted into the test output.</summary>
public class ReportBrowserTests
{
    [Test]
    public async Task ReportHtml_OpenedInChromium_ShowsEveryChartAndTheSummaryWithoutErrors()
    {
        var report = await ReportFixture.ReportAsync();
        var folder = TestPaths.NewScratch("browser");
        var behind = await Pipeline.Reports.Weekly.FlaggedInteractions.FindAsync(report, Rows(ReportFixture.Rows().Where(r => r.ReceivedAt >= new DateTimeOffset(ReportFixture.Last.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))),
            (ids, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(ids.ToDictionary(id => id, _ => ReportFixture.HostileText)), 3, 320, CancellationToken.None);
        ReportFolder.Write(report, WeeklyCharts.Render(report), folder, behind);
        var page = Path.Combine(folder, report.Week.ToString(), "report.html");

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(new Uri(page).AbsoluteUri);
        var images = (await browser.EvaluateAsync(
            "[...document.querySelectorAll('img')].map(i => ({ alt: i.alt, complete: i.complete, width: i.naturalWidth }))"))!.AsArray();
        var headlines = (await browser.EvaluateAsync(
            "[...document.querySelectorAll('li.headline')].map(li => { const r = li.getBoundingClientRect(); " +
            "return { text: li.innerText, visible: r.width > 0 && r.height > 0 && getComputedStyle(li).visibility === 'visible' }; })"))!.AsArray();
        var hostileShownAsText = (await browser.EvaluateAsync(
            $"document.body.innerText.includes({JsonValue.Create(ReportFixture.HostileText)!.ToJsonString()}) && document.querySelectorAll('script, body img:not(.chart)').length === 0"))!.GetValue<bool>();
        var behindShown = (await browser.EvaluateAsync("document.querySelectorAll('#behind blockquote').length"))!.GetValue<int>();
        var flaggedLinksResolve = (await browser.EvaluateAsync(
            "[...document.querySelectorAll('#flagged a')].length > 0 && [...document.querySelectorAll('#flagged a')].every(a => document.querySelector(a.getAttribute('href')) !== null)"))!.GetValue<bool>();
        var screenshot = await browser.ScreenshotAsync();
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-browser.png");
        await File.WriteAllBytesAsync(shot, screenshot);
        TestContext.AddTestAttachment(shot, "report.html in headless Chromium");

        Assert.That(images, Has.Count.EqualTo(5), "five charts");
        Assert.That(images.Select(i => i!["width"]!.GetValue<int>()), Has.All.GreaterThan(0), "every chart image loaded");
        Assert.That(headlines.Select(h => h!["text"]!.GetValue<string>()), Is.EqualTo(report.Headlines), "the five sentences, in order");
        Assert.That(headlines.Select(h => h!["visible"]!.GetValue<bool>()), Has.All.True);
        Assert.That(hostileShownAsText, Is.True, "a complaint containing <script> shows as text and runs nothing");
        Assert.That(behindShown, Is.EqualTo(behind.Sum(b => b.Shown.Count)).And.GreaterThan(0), "the interactions behind each flagged segment");
        Assert.That(flaggedLinksResolve, Is.True, "each flagged segment links its interactions");
        Assert.That(File.Exists(Path.Combine(folder, report.Week.ToString(), "flagged-interactions.csv")), Is.True);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(folder, report.Week.ToString(), "report.md")),
            Does.Contain("## What moved").And.Contain("&lt;script&gt;").And.Not.Contain("<script>"), "report.md lists them too, escaped");
        Assert.That(browser.Errors, Is.Empty, "no console errors");
        Assert.That(screenshot, Has.Length.GreaterThan(50_000));
    }

    /// <summary>Markup that runs script wherever it is not escaped: each calls console.error and sets window.__xss.</summary>
    private static readonly string[] XssCorpus =
    [
        "<script>console.error('xss1');window.__xss=1</script>",
        "<img src=x onerror=\"console.error('xss2');window.__xss=1\">",
        "\"><svg onload=console.error('xss3')>",
        "'><iframe srcdoc=\"<script>parent.console.error('xss4')</script>\"></iframe>",
        "</title></style></textarea><script>console.error('xss5')</script>",
        "<a href=\"javascript:console.error('xss6')\">read more</a>",
        "<details open ontoggle=console.error('xss7')>",
        "<math><mtext><table><mglyph><style><img src=x onerror=console.error('xss8')>",
        "--><script>console.error('xss9')</script><!--",
        "<object data=\"data:text/html,<script>console.error('xss10')</script>\"></object>",
        "<!--<img src=\"--><img src=x onerror=console.error('xss11')//\">",
        "<input autofocus onfocus=console.error('xss12')>",
        "]]><script>console.error('xss13')</script>",
        "{{constructor.constructor('console.error(\\'xss14\\')')()}} ${console.error('xss15')}",
    ];

    [Test]
    public async Task ReportAndIndex_XssPayloadsInTextsLabelsCompaniesAndTheStoreName_RunNothing()
    {
        var hostile = string.Join(" ", XssCorpus);
        var rows = ReportFixture.Rows()
            .Select(r => r with
            {
                Company = r.Company == ReportFixture.HostileCompany ? "Acme " + hostile : r.Company,
                Product = r.Product == "Mortgage" ? "Mortgage " + XssCorpus[1] : r.Product,
                Issue = r.Product == "Mortgage" ? XssCorpus[4] : r.Issue,
            })
            .ToList();
        var labels = ReportFixture.TopicLabels.ToDictionary(p => p.Key, p => p.Value + " " + XssCorpus[p.Key % XssCorpus.Length]);
        var report = await new Pipeline.Reports.Weekly.WeeklyReportBuilder(ReportFixture.Options()).BuildAsync(
            Pipeline.Reports.Trends.WeeklyAggregates.Build(rows, TimeZoneInfo.Utc), ReportFixture.Last, labels,
            (ids, _) => Task.FromResult<IReadOnlyList<Pipeline.Reports.Weekly.TopicExample>>(
                ids.Select(id => new Pipeline.Reports.Weekly.TopicExample(id, "complaint", new DateTimeOffset(2019, 10, 2, 9, 0, 0, TimeSpan.Zero), hostile)).ToList()),
            new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), "sqlite:/data/" + XssCorpus[0] + ".db", CancellationToken.None);
        var behind = await Pipeline.Reports.Weekly.FlaggedInteractions.FindAsync(report, Rows(rows.Where(r => r.ReceivedAt >= new DateTimeOffset(ReportFixture.Last.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))),
            (ids, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(ids.ToDictionary(id => id, _ => hostile)), 3, 4000, CancellationToken.None);
        var folder = TestPaths.NewScratch("xss");
        ReportFolder.Write(report, WeeklyCharts.Render(report), folder, behind);
        ReportIndex.Update(folder);

        await using var browser = await HeadlessChromium.StartAsync();
        var findings = new Dictionary<string, string>();
        foreach (var page in new[] { Path.Combine(folder, report.Week.ToString(), "report.html"), Path.Combine(folder, ReportIndex.FileName) })
        {
            await browser.OpenAsync(new Uri(page).AbsoluteUri);
            await Task.Delay(300); // let a deferred handler (onerror of a broken image, autofocus) fire if one got in
            findings[Path.GetFileName(page)] = (await browser.EvaluateAsync("""
                JSON.stringify({
                    ran: window.__xss !== undefined,
                    active: document.querySelectorAll('script, iframe, object, embed, svg, math, body style, details, input').length,
                    handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
                    javascriptLinks: [...document.querySelectorAll('[href], [src]')].filter(e => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? '')).length,
                    shownAsText: document.body.innerText.includes("<script>console.error('xss1')")
                })
                """))!.GetValue<string>();
        }

        Assert.That(findings["report.html"], Is.EqualTo("""{"ran":false,"active":0,"handlers":0,"javascriptLinks":0,"shownAsText":true}"""));
        Assert.That(findings["index.html"], Does.StartWith("""{"ran":false,"active":0,"handlers":0,"javascriptLinks":0,"""));
        Assert.That(browser.Errors, Is.Empty, "no payload reached the console");
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, report.Week.ToString(), "report.md"));
        Assert.That(markdown, Does.Not.Contain("<script").And.Not.Contain("<img").And.Not.Contain("<iframe").And.Not.Contain("<svg"), "report.md escapes the markup too");
    }

    [Test]
    public async Task IndexHtml_WeeksWrittenOutOfOrder_ListsThemNewestFirstAndEveryLinkResolves()
    {
        var folder = TestPaths.NewScratch("index");
        var options = ReportFixture.Options();
        foreach (var week in new[] { ReportFixture.Last, ReportFixture.Last.AddWeeks(-2), ReportFixture.Last.AddWeeks(-1) })
        {
            var report = await new Pipeline.Reports.Weekly.WeeklyReportBuilder(options).BuildAsync(
                ReportFixture.Aggregates(), week, ReportFixture.TopicLabels, (_, _) => Task.FromResult<IReadOnlyList<Pipeline.Reports.Weekly.TopicExample>>([]),
                new DateTimeOffset(2019, 10, 7, 6, 0, 0, TimeSpan.Zero), "sqlite:fixture.db", CancellationToken.None);
            ReportFolder.Write(report, WeeklyCharts.Render(report), folder);
            ReportIndex.Update(folder);
        }

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(new Uri(Path.Combine(folder, ReportIndex.FileName)).AbsoluteUri);
        var rows = (await browser.EvaluateAsync("[...document.querySelectorAll('#weeks tbody tr')].map(r => r.id)"))!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var indexLinks = await LinksAsync(browser);
        var scripts = (await browser.EvaluateAsync("document.querySelectorAll('script').length"))!.GetValue<int>();
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "index-browser.png");
        await File.WriteAllBytesAsync(shot, await browser.ScreenshotAsync());
        TestContext.AddTestAttachment(shot, "index.html in headless Chromium");
        await browser.OpenAsync(new Uri(Path.Combine(folder, ReportFixture.Last.AddWeeks(-1).ToString(), "report.html")).AbsoluteUri);
        var middle = await LinksAsync(browser, "nav#weeks a");
        await browser.OpenAsync(new Uri(Path.Combine(folder, ReportFixture.Last.ToString(), "report.html")).AbsoluteUri);
        var latest = await LinksAsync(browser, "nav#weeks a");

        Assert.That(rows, Is.EqualTo(new[] { "2019-W40", "2019-W39", "2019-W38" }), "newest first");
        Assert.That(indexLinks, Has.Count.EqualTo(3));
        Assert.That(indexLinks.Select(l => new Uri(l).LocalPath), Has.All.Matches<string>(File.Exists), "every week's link resolves");
        Assert.That(middle.Select(l => Path.GetRelativePath(folder, new Uri(l).LocalPath)),
            Is.EqualTo(new[] { "index.html", Path.Combine("2019-W38", "report.html"), Path.Combine("2019-W40", "report.html") }), "back to the index, the week before, the week after");
        Assert.That(latest.Select(l => Path.GetRelativePath(folder, new Uri(l).LocalPath)), Is.EqualTo(new[] { "index.html", Path.Combine("2019-W39", "report.html") }),
            "the latest week has no later report, and its earlier link was added when 2019-W39 was written after it");
        Assert.That(scripts, Is.Zero);
        Assert.That(browser.Errors, Is.Empty, "no console errors");
    }

    private static async IAsyncEnumerable<Pipeline.Core.Storage.ReportRow> Rows(IEnumerable<Pipeline.Core.Storage.ReportRow> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private static async Task<List<string>> LinksAsync(HeadlessChromium browser, string selector = "a")
    {
        var links = (await browser.EvaluateAsync($"[...document.querySelectorAll('{selector}')].map(a => a.href)"))!.AsArray();
        return links.Select(l => l!.GetValue<string>()).ToList();
    }

    [Test]
    public async Task Chromium_BrokenPage_ReportsTheBrokenImageAndTheConsoleError()
    {
        // The checks above can fail: a broken image and a console error are both seen.
        var page = Path.Combine(TestPaths.NewScratch("broken"), "broken.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body><img src=\"data:image/png;base64,AAAA\"><script>console.error('boom')</script></body></html>");

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.OpenAsync(new Uri(page).AbsoluteUri);
        var width = (await browser.EvaluateAsync("document.querySelector('img').naturalWidth"))!.GetValue<int>();

        Assert.That(width, Is.Zero);
        Assert.That(browser.Errors, Has.Some.Contains("boom"));
    }
}
