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
