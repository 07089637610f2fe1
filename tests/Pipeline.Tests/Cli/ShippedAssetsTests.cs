using Pipeline.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

public class ShippedAssetsTests
{
    private string _working = null!;
    private string _app = null!;

    [SetUp]
    public void SetUp()
    {
        var scratch = TestPaths.NewScratch("assets");
        _working = Directory.CreateDirectory(Path.Combine(scratch, "work")).FullName;
        _app = Directory.CreateDirectory(Path.Combine(scratch, "app")).FullName;
    }

    [TestCase(true, true, "work")]
    [TestCase(false, true, "app")]
    [TestCase(true, false, "work")]
    [TestCase(false, false, "work")]
    public void Resolve_RelativePath_TakesTheWorkingDirectorysCopyThenTheApplicationsThenNamesTheWorkingDirectory(bool inWorking, bool inApp, string expected)
    {
        foreach (var (root, present) in new[] { (_working, inWorking), (_app, inApp) })
        {
            if (present)
            {
                Directory.CreateDirectory(Path.Combine(root, "data", "lexicons"));
                File.WriteAllText(Path.Combine(root, "data", "lexicons", "vader_lexicon.txt"), "good\t1.9\t0.9\t[2]");
            }
        }

        var resolved = ShippedAssets.Resolve("data/lexicons/vader_lexicon.txt", _working, _app);

        Assert.That(resolved, Is.EqualTo(Path.Combine(expected == "work" ? _working : _app, "data", "lexicons", "vader_lexicon.txt")));
    }

    [Test]
    public void Resolve_Folder_IsFoundLikeAFile()
    {
        Directory.CreateDirectory(Path.Combine(_app, "data", "fonts"));

        Assert.That(ShippedAssets.Resolve("data/fonts", _working, _app), Is.EqualTo(Path.Combine(_app, "data", "fonts")));
    }

    [Test]
    public void Resolve_AbsolutePath_IsKeptAsGiven()
    {
        var absolute = Path.Combine(_working, "elsewhere", "stopwords.txt");

        Assert.That(ShippedAssets.Resolve(absolute, _working, _app), Is.EqualTo(absolute));
    }
}
