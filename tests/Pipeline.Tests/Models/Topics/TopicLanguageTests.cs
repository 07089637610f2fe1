using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Core;
using Pipeline.Models.Topics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Topics;

/// <summary>A topic model per language: Russian fitted on stems, Chinese on jieba's words, each with its own ids and texts.</summary>
public class TopicLanguageTests
{
    private static readonly TopicOptions Small = new()
    {
        Count = 3,
        Restarts = 1,
        Iterations = 60,
        MinWords = 3,
        StopWordsFile = Path.Combine(TestPaths.Data, "topics", "stopwords.txt"),
        ChineseStopWordsFile = Path.Combine(TestPaths.Data, "topics", "stopwords.zh.txt"),
    };

    private static readonly TopicText Text = TopicText.Load(Small.StopWordsFile, Small.ChineseStopWordsFile);

    [Test]
    public void Prepare_ChineseText_KeepsJiebasContentWordsWithoutStopWordsOrSingleCharacters()
    {
        var words = Text.Prepare(["我们的信用卡被银行冻结了，客服一直没有回复。"], Languages.Chinese).Single().Words;

        Assert.That(words, Is.EqualTo(new[] { "信用卡", "银行", "冻结", "客服", "回复" }));
    }

    [Test]
    public void Prepare_RussianText_StemsContentWordsAndLeavesStopWordsOut()
    {
        var prepared = Text.Prepare(["Банк заблокировал карту без объяснения причин, а потом снова заблокировал карты"], Languages.Russian).Single();

        Assert.That(prepared.Words, Does.Contain("банк").And.Contain("карт").And.Contain("заблокирова"));
        Assert.That(prepared.Words.Count(w => w == "карт"), Is.EqualTo(2), "карту and карты are one stem");
        Assert.That(prepared.Words, Does.Not.Contain("без").And.Not.Contain("потом"));
    }

    [Test]
    public async Task Train_ChineseCorpus_ChineseModelWithItsOwnIdsThatScoresOnlyChineseTexts()
    {
        // XED's Chinese subtitle lines (shipped): real Chinese text, enough of it for a small model.
        var lines = ChineseLines();
        var interactions = lines.Select((line, i) => Interaction(i, line, Languages.Chinese))
            .Concat(Enumerable.Range(0, 50).Select(i => Interaction(100_000 + i, "The bank froze my card without any notice", Languages.English)));
        var corpus = await TopicCorpus.BuildAsync(interactions.ToAsyncEnumerable(), Text, Small, CancellationToken.None, Languages.Chinese);
        var directory = TestPaths.NewScratch("topics-zh");

        var trained = new TopicTrainer(Small, new FakeTimeProvider(), NullLogger.Instance).Train(corpus, null, null, new Dictionary<int, string>(), directory, CancellationToken.None, Languages.Chinese);
        var model = TopicModel.Load(directory);

        Assert.That(corpus.OtherLanguages, Is.EqualTo(50), "the English texts are not fitted on");
        Assert.That(trained.Topics.Select(t => t.Id), Is.EquivalentTo(new[] { 2001, 2002, 2003 }));
        Assert.That(model.Language, Is.EqualTo(Languages.Chinese));
        Assert.That(model.File.Vocabulary, Has.All.Matches<string>(w => w.Length >= 2), "no single character is a topic word");
        Assert.That(model.File.Vocabulary, Has.None.AnyOf("我们", "什么", "没有"), "stop words are left out");
        Assert.That(trained.Model.Coherence, Is.InRange(0.0, 1.0), "C_v on the Chinese documents' own windows");
        var english = TopicModel.Load(await EnglishModelAsync());
        var models = new TopicModels(new Dictionary<string, TopicModel> { [Languages.English] = english, [Languages.Chinese] = model });
        var sample = lines.First(l => Text.Prepare([l], Languages.Chinese)[0].Words.Any(model.File.Vocabulary.Contains));

        var results = models.Score([sample, sample, "The bank froze my card"], [Languages.Chinese, Languages.Russian, Languages.English]);

        Assert.That(results[0].Dominant, Is.InRange(2001, 2003));
        Assert.That(results[0].Distribution, Is.EqualTo(model.Score([sample])[0].Distribution));
        Assert.That(results[1], Is.SameAs(TopicAssignment.None), "Russian has no model here: no topic");
        Assert.That(results[2].Dominant, Is.Not.Null.And.LessThan(1000));
        Assert.That(models.Version, Is.EqualTo($"{english.Version}/zh:{model.Version}"));
        Assert.That(new TopicModels(english).Version, Is.EqualTo(english.Version), "English alone keeps its version key");
    }

    [TestCase(20, true)]
    [TestCase(100_000, false)]
    public async Task LoadOrTrainAll_FirstUse_FitsChineseBesideEnglishOnlyWithEnoughChineseTexts(int minimum, bool fitted)
    {
        var directory = TestPaths.NewScratch("topics-all");
        var options = new TopicOptions
        {
            ModelDirectory = Path.Combine(directory, "topics"), Count = 3, Restarts = 1, Iterations = 40, MinWords = 3, MinLanguageDocuments = minimum,
            StopWordsFile = Small.StopWordsFile, ChineseStopWordsFile = Small.ChineseStopWordsFile, LabelsFile = Path.Combine(directory, "labels.json"),
        };
        var chinese = ChineseLines().Select((line, i) => Interaction(i, line, Languages.Chinese)).ToList();
        var english = (await TopicTrainerTests.ShippedInteractionsAsync()).Take(400).ToList();
        var provider = new TopicModelProvider(options, new FakeTimeProvider(), NullLogger.Instance);

        var models = await provider.LoadOrTrainAllAsync(() => english.Concat(chinese).ToAsyncEnumerable(), CancellationToken.None);

        Assert.That(models.For(Languages.English), Is.Not.Null);
        Assert.That(models.For(Languages.Russian), Is.Null, "no Russian text at all");
        Assert.That(models.For(Languages.Chinese) is not null, Is.EqualTo(fitted));
        Assert.That(Directory.Exists(Path.Combine(directory, "topics-zh")), Is.EqualTo(fitted));
    }

    /// <summary>XED's Chinese subtitle lines (shipped, in data/sentiment/zh): real Chinese text for the tests.</summary>
    internal static List<string> ChineseLines()
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(TestPaths.Data, "sentiment", "zh", "xed_zh_projections.tsv.gz")), System.IO.Compression.CompressionMode.Decompress);
        return new StreamReader(gzip).ReadToEnd().Split('\n').Select(l => l.Split('\t')[0].Trim()).Where(l => l.Length > 0).ToList();
    }

    private static async Task<string> EnglishModelAsync()
    {
        var options = new TopicOptions { Count = 3, Restarts = 1, Iterations = 40, StopWordsFile = Small.StopWordsFile };
        var corpus = await TopicTrainerTests.ShippedCorpusAsync(options);
        var directory = TestPaths.NewScratch("topics-en");
        new TopicTrainer(options, new FakeTimeProvider(), NullLogger.Instance).Train(TopicCorpus.FromDocuments(corpus.Documents.Take(300).ToList()), null, null, new Dictionary<int, string>(), directory, CancellationToken.None);
        return directory;
    }

    private static Interaction Interaction(int n, string text, string language) =>
        Some.Interaction(id: n.ToString(CultureInfo.InvariantCulture), text: text) with { Language = language };
}
