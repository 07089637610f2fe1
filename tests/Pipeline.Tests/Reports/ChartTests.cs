using Pipeline.Reports.Charts;
using Pipeline.Reports.Weekly;
using Pipeline.Tests.Support;
using SkiaSharp;

namespace Pipeline.Tests.Reports;

/// <summary>
/// Cookbook-style chart tests: each chart of the fixture week is rendered into the test output folder
/// (charts/&lt;name&gt;.png and .svg, attached to the test) and checked to be a real image with text on it.
/// </summary>
public class ChartTests
{
    private static WeeklyReport _report = null!;

    public static readonly (string Name, Func<WeeklyReport, RenderedChart> Render)[] Charts =
    [
        (VolumeByChannelChart.Name, VolumeByChannelChart.Render),
        (SentimentTrendChart.Name, SentimentTrendChart.Render),
        (TopicHeatmapChart.Name, TopicHeatmapChart.Render),
        (TopMoversChart.Name, r => TopMoversChart.Render(r, 12)),
        (AngerEscalationsChart.Name, AngerEscalationsChart.Render),
    ];

    private static IEnumerable<TestCaseData> Cases => Charts.Select(c => new TestCaseData(c.Name).SetName($"Render_{c.Name}_IsAnImageWithText"));

    [OneTimeSetUp]
    public async Task Build()
    {
        ChartFont.Load(Path.Combine(TestPaths.Data, "fonts"));
        _report = await ReportFixture.ReportAsync();
    }

    [TestCaseSource(nameof(Cases))]
    public void Render_Chart_IsAnImageWithText(string name)
    {
        var chart = Charts.Single(c => c.Name == name).Render(_report);

        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "charts");
        Directory.CreateDirectory(folder);
        var png = Path.Combine(folder, name + ".png");
        File.WriteAllBytes(png, chart.Png);
        File.WriteAllText(Path.Combine(folder, name + ".svg"), chart.Svg);
        TestContext.AddTestAttachment(png, chart.Title);

        using var bitmap = SKBitmap.Decode(chart.Png);
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((chart.Width, chart.Height)));
        Assert.That(chart.Png, Has.Length.GreaterThan(10_000));
        Assert.That(ChartCanvas.HasText(chart.Png), Is.True, "the title is drawn");
        Assert.That(DistinctColours(bitmap), Is.GreaterThan(20), "not a blank canvas");
        Assert.That(chart.Svg, Does.Contain("<svg").And.Contain("2019-W40"), "the SVG carries the title text");
    }

    [Test]
    public void HasText_BlankImage_IsFalse()
    {
        using var bitmap = new SKBitmap(400, 200);
        bitmap.Erase(SKColors.White);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        Assert.That(ChartCanvas.HasText(data.ToArray()), Is.False);
    }

    [Test]
    public void Load_FolderWithoutTheFont_ThrowsNamingTheSetting()
    {
        var empty = TestPaths.NewScratch("fonts");

        var error = Assert.Throws<ChartTextException>(() => ChartFont.Load(empty));

        Assert.That(error!.Message, Does.Contain("Reports:FontDirectory").And.Contain("without text"));
    }

    [Test]
    public void Load_FileThatIsNoFont_Throws()
    {
        var folder = TestPaths.NewScratch("fonts");
        File.WriteAllText(Path.Combine(folder, ChartFont.RegularFile), "not a font");
        File.WriteAllText(Path.Combine(folder, ChartFont.BoldFile), "not a font");

        Assert.Throws<ChartTextException>(() => ChartFont.Load(folder));
    }

    [Test]
    public void Render_SameReportTwice_GivesTheSamePng()
    {
        var first = VolumeByChannelChart.Render(_report);
        var second = VolumeByChannelChart.Render(_report);

        Assert.That(second.Png, Is.EqualTo(first.Png));
    }

    [Test]
    public void TopicColour_Ids_DistinctForSixteenAndWrapping()
    {
        var colours = Enumerable.Range(0, 16).Select(ChartPalette.Topic).ToList();

        Assert.That(colours.Distinct().Count(), Is.EqualTo(16));
        Assert.That(ChartPalette.Topic(-3), Is.EqualTo(ChartPalette.Topic(13)));
    }

    [Test]
    public void TopMovers_Fixture_PutsTheFlaggedSpikesFirst()
    {
        var movers = TopMoversChart.Movers(_report, 12);

        Assert.That(movers.TakeWhile(m => m.Flagged).Select(m => _report.Describe(m.Segment)),
            Is.SupersetOf(new[] { "product 'Mortgage'", "topic 9 'collection calls at work'" }));
        Assert.That(movers.Where(m => m.Segment.Value == "Student loan" && m.Flagged), Is.Empty);
    }

    [Test]
    public void Render_ChineseTopicLabels_EveryTextOfEveryChartHasItsGlyphs()
    {
        var chinese = _report with
        {
            TopicLabels = new Dictionary<int, string> { [1] = "征信报告错误", [2] = "贷款服务", [4] = "托管和还款", [9] = "上班时间的催收电话" },
        };

        var charts = Charts.Select(c => c.Render(chinese)).ToList();
        var texts = charts.SelectMany(c => SvgTexts(c.Svg)).ToList();
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "charts");
        Directory.CreateDirectory(folder);
        foreach (var chart in charts)
        {
            File.WriteAllBytes(Path.Combine(folder, chart.Name + ".zh.png"), chart.Png);
        }

        TestContext.AddTestAttachment(Path.Combine(folder, TopicHeatmapChart.Name + ".zh.png"), "the topic heatmap with Chinese labels");
        Assert.That(texts.Where(t => t.Text.Any(c => c is >= '\u4E00' and <= '\u9FFF')).Select(t => t.Text),
            Is.SupersetOf(new[] { "征信报告错误", "上班时间的催收电话" }).Or.Some.Contains("上班时间的催收电话"), "the labels reach the charts");
        Assert.That(texts.Select(t => t.Family).Distinct(), Is.EqualTo(new[] { ChartFont.CjkFamily }), "one font for the whole report");
        AssertGlyphs(texts);
    }

    [Test]
    public void Render_LatinAndCyrillicTexts_KeepDejaVuSansWithEveryGlyph()
    {
        var cyrillic = _report with { TopicLabels = new Dictionary<int, string> { [1] = "ошибки в кредитной истории", [2] = "обслуживание кредита", [4] = "escrow", [9] = "звонки коллекторов" } };

        var texts = Charts.SelectMany(c => SvgTexts(c.Render(cyrillic).Svg)).ToList();

        Assert.That(texts.Select(t => t.Family).Distinct(), Is.EqualTo(new[] { ChartFont.Family }));
        Assert.That(texts.Select(t => t.Text), Has.Some.Contains("звонки коллекторов"));
        AssertGlyphs(texts);
    }

    /// <summary>Each text drawn has a glyph for every character in the font the SVG names for it (no missing-glyph boxes).</summary>
    private static void AssertGlyphs(IReadOnlyList<(string Family, string Text)> texts)
    {
        var files = new Dictionary<string, string> { [ChartFont.Family] = ChartFont.RegularFile, [ChartFont.CjkFamily] = ChartFont.CjkFile };
        foreach (var (family, group) in texts.GroupBy(t => t.Family).Select(g => (g.Key, g.ToList())))
        {
            using var typeface = SKTypeface.FromFile(Path.Combine(TestPaths.Data, "fonts", files[family]));
            var missing = group.Where(t => !typeface.ContainsGlyphs(t.Text)).Select(t => t.Text).ToList();
            Assert.That(missing, Is.Empty, $"texts with characters {family} has no glyph for");
        }
    }

    /// <summary>The (font family, text) of every text element of an SVG as Skia writes it.</summary>
    private static IEnumerable<(string Family, string Text)> SvgTexts(string svg) =>
        System.Text.RegularExpressions.Regex.Matches(svg, "<text[^>]*font-family=\"([^\"]+)\"[^>]*>([^<]*)</text>")
            .Select(m => (m.Groups[1].Value, new string(System.Net.WebUtility.HtmlDecode(m.Groups[2].Value).Where(c => !char.IsControl(c)).ToArray())))
            .Where(t => t.Item2.Trim().Length > 0);

    private static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }
}
