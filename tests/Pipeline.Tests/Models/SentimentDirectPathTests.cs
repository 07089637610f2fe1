using CsvHelper;
using System.Globalization;
using Pipeline.Models.Sentiment;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

/// <summary>
/// The sentiment model's direct arithmetic (its own featuriser and the classifier's weights) against ML.NET, the
/// reference it replaces on the hot path: the same probabilities on real narratives and on the texts where a
/// featuriser is most likely to differ.
/// </summary>
public class SentimentDirectPathTests
{
    private static readonly VaderScorer Vader = new(VaderLexicon.Load(Path.Combine(TestPaths.Data, "lexicons", "vader_lexicon.txt")));
    private static readonly SentimentFeatures Features = new(Vader, SentimentNames.Load(Path.Combine(TestPaths.Data, "lexicons", "sentiment-names.en.txt")));
    private static SentimentModel _model = null!;

    /// <summary>A model on a tenth of the shipped data: a smaller vocabulary, so unknown words are common.</summary>
    [OneTimeSetUp]
    public void FitOnce()
    {
        var rows = SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment")).Where((_, i) => i % 10 == 3).ToList();
        _model = new SentimentTrainer(Features, Vader).Fit(rows, "direct-test");
    }

    [TestCase("Don't   do it, 3rd time!", new[] { "dont", "do", "it", "rd", "time" })]
    [TestCase("ÉCOLE Café", new[] { "école", "café" })]
    [TestCase("tab\there new\nline", new[] { "tab\there", "new\nline" })]
    [TestCase("a|b ½ ٣x", new[] { "a|b", "x" })]
    [TestCase("  ", new string[0])]
    public void Tokenize_Text_GivesTheWordsMlNetMakes(string text, string[] expected)
    {
        var tokenizer = new SentimentTokenizer();

        tokenizer.Tokenize(text);

        Assert.That(Enumerable.Range(0, tokenizer.Count).Select(w => tokenizer[w].ToString()), Is.EqualTo(expected));
    }

    [Test]
    public void DirectProbabilities_ShippedNarrativeSentences_EqualMlNet()
    {
        var rows = ShippedNarratives().SelectMany(SentenceSplitter.Split).Select(s => Features.Row(s)).ToList();

        AssertAgree(rows);
        Assert.That(rows, Has.Count.GreaterThan(10_000));
    }

    [TestCase("I am not happy with this service at all!!!")]
    [TestCase("zzzunknownword good service zzzother bad")]
    [TestCase("The Fair Credit Reporting Act says my credit card was charged twice.")]
    [TestCase("WHY IS THIS STILL NOT FIXED???")]
    [TestCase("tab\tseparated\twords and a new\nline")]
    [TestCase("good|bad excellent | terrible 100% ½")]
    [TestCase("Обслуживание ужасное, верните деньги")]
    [TestCase("服务太差了，退款！")]
    [TestCase("")]
    [TestCase("!!! ??? ...")]
    public void DirectProbabilities_HardCase_EqualsMlNet(string text) => AssertAgree([Features.Row(text)]);

    [Test]
    public void Score_SampleTexts_GivesTheClassOfTheMlNetProbabilities()
    {
        var texts = ShippedNarratives().Take(200).Select(t => (string?)t).ToList();

        var scored = _model.Score(texts);

        // Recompute each text's result from ML.NET's sentence probabilities, with the same weighting.
        for (var t = 0; t < texts.Count; t++)
        {
            var rows = SentenceSplitter.Split(texts[t]).Select(s => Features.Row(s)).ToList();
            var reference = _model.ReferenceProbabilities(rows);
            double negative = 0, neutral = 0, positive = 0;
            for (var s = 0; s < rows.Count; s++)
            {
                var p = reference[s];
                var weight = Math.Max(1, rows[s].Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length) * (1 - p[1]) * (1 - p[1]);
                negative += weight * p[0];
                neutral += weight * p[1];
                positive += weight * p[2];
            }

            var total = negative + neutral + positive;
            Assert.That(scored[t].Negative, Is.EqualTo(negative / total).Within(1e-3), texts[t]);
            Assert.That(scored[t].Positive, Is.EqualTo(positive / total).Within(1e-3), texts[t]);
        }
    }

    [Test]
    public void Load_NgramFileMissing_SaysToTrainAgain()
    {
        var directory = TestPaths.NewScratch("sentiment-no-ngrams");
        var rows = SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment")).Where((_, i) => i % 50 == 0).ToList();
        new SentimentTrainer(Features, Vader).Train(rows, "hash-for-test-0123456789", 0, directory);
        File.Delete(Path.Combine(directory, SentimentNgrams.FileName));

        var error = Assert.Throws<FileNotFoundException>(() => SentimentModel.Load(Path.Combine(directory, "model.zip"), Features, "x"));

        Assert.That(error!.Message, Does.Contain("train it again"));
    }

    [Test]
    public void Load_NgramFileOfAnotherModel_Throws()
    {
        var first = TestPaths.NewScratch("sentiment-ngrams-a");
        var second = TestPaths.NewScratch("sentiment-ngrams-b");
        var all = SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment"));
        var trainer = new SentimentTrainer(Features, Vader);
        trainer.Train(all.Where((_, i) => i % 50 == 0).ToList(), "hash-for-test-0123456789", 0, first);
        trainer.Train(all.Where((_, i) => i % 50 == 1).ToList(), "hash-for-test-0123456789", 0, second);
        File.Copy(Path.Combine(second, SentimentNgrams.FileName), Path.Combine(first, SentimentNgrams.FileName), overwrite: true);

        var error = Assert.Throws<InvalidDataException>(() => SentimentModel.Load(Path.Combine(first, "model.zip"), Features, "x"));

        Assert.That(error!.Message, Does.Contain("does not belong"));
    }

    [Test]
    public void Load_WeightsFileMissing_WritesItAgainAndScoresTheSame()
    {
        var directory = TestPaths.NewScratch("sentiment-no-weights");
        var rows = SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment")).Where((_, i) => i % 50 == 0).ToList();
        new SentimentTrainer(Features, Vader).Train(rows, "hash-for-test-0123456789", 0, directory);
        var weights = Path.Combine(directory, SentimentWeights.FileName);
        var saved = File.ReadAllBytes(weights);
        var texts = ShippedNarratives().Take(100).Select(t => (string?)t).ToList();
        var before = SentimentModel.Load(Path.Combine(directory, "model.zip"), Features, "x").Score(texts);
        File.Delete(weights);

        var after = SentimentModel.Load(Path.Combine(directory, "model.zip"), Features, "x").Score(texts);

        Assert.That(after, Is.EqualTo(before));
        Assert.That(File.ReadAllBytes(weights), Is.EqualTo(saved));
    }

    [Test]
    public void Load_WeightsFileOfAnotherModel_ReadsTheModelAgain()
    {
        var first = TestPaths.NewScratch("sentiment-weights-a");
        var second = TestPaths.NewScratch("sentiment-weights-b");
        var all = SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment"));
        var trainer = new SentimentTrainer(Features, Vader);
        trainer.Train(all.Where((_, i) => i % 50 == 0).ToList(), "hash-for-test-0123456789", 0, first);
        trainer.Train(all.Where((_, i) => i % 50 == 1).ToList(), "hash-for-test-0123456789", 0, second);
        var texts = ShippedNarratives().Take(100).Select(t => (string?)t).ToList();
        var own = SentimentModel.Load(Path.Combine(first, "model.zip"), Features, "x").Score(texts);
        var weights = Path.Combine(first, SentimentWeights.FileName);
        var saved = File.ReadAllBytes(weights);
        File.Copy(Path.Combine(second, SentimentWeights.FileName), weights, overwrite: true);

        var scored = SentimentModel.Load(Path.Combine(first, "model.zip"), Features, "x").Score(texts);

        Assert.That(scored, Is.EqualTo(own));
        Assert.That(File.ReadAllBytes(weights), Is.EqualTo(saved));
    }

    private static void AssertAgree(IReadOnlyList<SentimentRow> rows)
    {
        var reference = _model.ReferenceProbabilities(rows);
        var direct = _model.DirectProbabilities(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.That(direct[i], Is.EqualTo(reference[i].Select(p => (double)p)).Within(1e-5), rows[i].Text);
        }
    }

    private static IEnumerable<string> ShippedNarratives()
    {
        using var reader = new StreamReader(Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var texts = new List<string>();
        while (csv.Read())
        {
            var text = csv.GetField("Consumer complaint narrative");
            if (!string.IsNullOrWhiteSpace(text))
            {
                texts.Add(text);
            }
        }

        return texts;
    }
}
