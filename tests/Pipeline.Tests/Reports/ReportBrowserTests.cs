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
        ReportFolder.Write(report, WeeklyCharts.Render(report), folder);
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
        var screenshot = await browser.ScreenshotAsync();
        var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-browser.png");
        await File.WriteAllBytesAsync(shot, screenshot);
        TestContext.AddTestAttachment(shot, "report.html in headless Chromium");

        Assert.That(images, Has.Count.EqualTo(5), "five charts");
        Assert.That(images.Select(i => i!["width"]!.GetValue<int>()), Has.All.GreaterThan(0), "every chart image loaded");
        Assert.That(headlines.Select(h => h!["text"]!.GetValue<string>()), Is.EqualTo(report.Headlines), "the five sentences, in order");
        Assert.That(headlines.Select(h => h!["visible"]!.GetValue<bool>()), Has.All.True);
        Assert.That(hostileShownAsText, Is.True, "a complaint containing <script> shows as text and runs nothing");
        Assert.That(browser.Errors, Is.Empty, "no console errors");
        Assert.That(screenshot, Has.Length.GreaterThan(50_000));
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
