using Pipeline.Core;
using Pipeline.Models.Evaluation;
using Pipeline.Models.Sentiment;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class SentimentModelTests
{
    private static readonly string TrainingData = Path.Combine(TestPaths.Data, "sentiment");
    private static readonly VaderScorer Vader = new(VaderLexicon.Load(Path.Combine(TestPaths.Data, "lexicons", "vader_lexicon.txt")));
    private static readonly SentimentNames Names = SentimentNames.Load(Path.Combine(TestPaths.Data, "lexicons", "sentiment-names.en.txt"));
    private static SentimentModel _model = null!;

    /// <summary>One model fitted on all shipped training data, shared by the behaviour tests.</summary>
    [OneTimeSetUp]
    public void FitOnce()
    {
        var rows = SentimentTrainingData.Load(TrainingData);
        _model = new SentimentTrainer(new SentimentFeatures(Vader, Names), Vader).Fit(rows, "test");
    }

    [Test]
    public void Load_ShippedData_HasEveryCorpusAndClass()
    {
        var rows = SentimentTrainingData.Load(TrainingData);

        Assert.That(rows.Count(r => r.Source.StartsWith("vader_", StringComparison.Ordinal)), Is.EqualTo(4200 + 3708 + 10605 + 5190));
        Assert.That(rows.Count(r => r.Source.StartsWith("uci_", StringComparison.Ordinal)), Is.EqualTo(3 * 1000));
        Assert.That(rows.Select(r => r.Source).Distinct().Count(), Is.EqualTo(12));
        Assert.That(rows.Where(r => r.Source == "cfpb_complaints_2023_head").Select(r => (r.Label, r.Weight)).Distinct(), Is.EqualTo(new[] { (SentimentClass.Negative, 1f) }), "a complaint narrative is a complaint");
        Assert.That(rows.Count(r => r.Source == "cfpb_complaints_2023_head"), Is.EqualTo(353));
        Assert.That(rows.Where(r => r.Source.StartsWith("uci_", StringComparison.Ordinal)).Select(r => r.Label).Distinct(), Is.EquivalentTo(new[] { SentimentClass.Negative, SentimentClass.Positive }));
        foreach (var corpus in new[] { "goemotions_train", "emobank" })
        {
            Assert.That(rows.Where(r => r.Source == corpus).Select(r => r.Label).Distinct(), Is.EquivalentTo(Enum.GetValues<SentimentClass>()), corpus);
        }

        Assert.That(rows.Where(r => r.Source == "xed_en_neutral").Select(r => r.Label).Distinct(), Is.EqualTo(new[] { SentimentClass.Neutral }));
        Assert.That(rows.Where(r => r.Source == "goemotions_train").Select(r => r.Weight).Distinct(), Is.EqualTo(new[] { 0.4f }), "the emotion corpora weigh less");
        Assert.That(rows.Count(r => r.Label == SentimentClass.Neutral), Is.GreaterThan(25000));
    }

    [TestCase(2.7, SentimentClass.Positive)]
    [TestCase(0.75, SentimentClass.Positive)]
    [TestCase(0.74, SentimentClass.Neutral)]
    [TestCase(0, SentimentClass.Neutral)]
    [TestCase(-0.74, SentimentClass.Neutral)]
    [TestCase(-0.75, SentimentClass.Negative)]
    public void FromRating_MeanRating_FallsInItsBand(double rating, SentimentClass expected)
    {
        Assert.That(SentimentTrainingData.FromRating(rating), Is.EqualTo(expected));
    }

    [TestCase("Thank you so much, the new card arrived quickly and works perfectly.", SentimentClass.Positive)]
    [TestCase("What time does the branch on Main Street open on Saturday?", SentimentClass.Neutral)]
    [TestCase("This is the worst bank ever, you stole my money and nobody helps.", SentimentClass.Negative)]
    public void Score_ClearMessage_GetsItsClass(string text, SentimentClass expected)
    {
        var result = _model.Score([text]).Single();

        Assert.That(result.Class, Is.EqualTo(expected), $"neg {result.Negative} neu {result.Neutral} pos {result.Positive}");
        Assert.That(result.Score, Is.InRange(-1.0, 1.0));
    }

    [Test]
    public void Score_AngryComplaintWithPoliteClosing_StaysNegative()
    {
        var complaint = string.Join(' ',
            "I have called your bank five times about the same unauthorized charge and every time I am told it will be fixed.",
            "It never is. The late fees keep piling up and my credit score dropped because of your mistake.",
            "Your agents are rude, they hang up on me, and nobody ever calls back as promised.",
            "I am furious and I feel cheated by a company I trusted for ten years.",
            "Thank you for your time and have a nice day.");

        var result = _model.Score([complaint]).Single();

        Assert.That(result.Sentences, Is.EqualTo(6));
        Assert.That(result.Class, Is.EqualTo(SentimentClass.Negative));
        Assert.That(result.Score, Is.LessThan(-0.1), "clearly negative, not a near tie");
    }

    [Test]
    public void Score_CalmAccountOfAHarm_IsNegative()
    {
        // No angry word, law and product names VADER reads as praise ("fair", "credit"), a polite closing.
        var complaint = string.Join(' ',
            "On March 3 I noticed a collection account on my credit report from a company I have never heard of.",
            "I sent a dispute letter by certified mail to the credit bureau and to the collector, asking for the original contract.",
            "The bureau answered that the account was verified under the Fair Credit Reporting Act, but nobody sent me any document.",
            "The account is still on my report and my mortgage application was denied because of it.",
            "I do not owe this debt and I want it removed.",
            "Thank you for your help.");

        var result = _model.Score([complaint]).Single();

        Assert.That(result.Class, Is.EqualTo(SentimentClass.Negative), $"neg {result.Negative} neu {result.Neutral} pos {result.Positive}");
    }

    [Test]
    public void Score_EmptyOrMissingText_IsNeutralWithNoSentences()
    {
        var results = _model.Score([null, "   "]);

        Assert.That(results.Select(r => (r.Class, r.Sentences)), Is.EqualTo(new[] { (SentimentClass.Neutral, 0), (SentimentClass.Neutral, 0) }));
    }

    [Test]
    public void Train_SameDataTwice_GivesTheSameMetricsAndPredictions()
    {
        var rows = SentimentTrainingData.Load(TrainingData).Where((_, i) => i % 10 == 0).ToList();
        var trainer = new SentimentTrainer(new SentimentFeatures(Vader, Names), Vader);
        var first = TestPaths.NewScratch("sentiment-a");
        var second = TestPaths.NewScratch("sentiment-b");

        var a = trainer.Train(rows, "hash-for-test-0123456789", 2, first);
        var b = trainer.Train(rows, "hash-for-test-0123456789", 2, second);

        Assert.That(File.ReadAllText(Path.Combine(first, "metrics.json")), Is.EqualTo(File.ReadAllText(Path.Combine(second, "metrics.json"))));
        Assert.That(a.TrainingRows, Is.EqualTo(rows.Count));
        Assert.That(a.Model!.PerClass.Keys, Is.EqualTo(new[] { "negative", "neutral", "positive" }));
        var texts = rows.Take(50).Select(r => (string?)r.Text).ToList();
        var left = SentimentModel.Load(Path.Combine(first, "model.zip"), new SentimentFeatures(Vader, Names), "a").Score(texts);
        var right = SentimentModel.Load(Path.Combine(second, "model.zip"), new SentimentFeatures(Vader, Names), "b").Score(texts);
        Assert.That(left.Select(r => r with { }), Is.EqualTo(right));
        Assert.That(b.Model!.MacroF1, Is.EqualTo(a.Model.MacroF1));
    }

    [TestCase("Short message. Two sentences!", 1)]
    [TestCase(null, 0)]
    public void Split_ShortText_StaysWhole(string? text, int expected)
    {
        Assert.That(SentenceSplitter.Split(text), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Split_LongText_SplitsAtSentenceEndsAndLineBreaks()
    {
        var text = string.Join(' ', Enumerable.Repeat("This sentence has exactly seven words in it.", 9)) + "\nLast line without a stop";

        var sentences = SentenceSplitter.Split(text);

        Assert.That(sentences, Has.Count.EqualTo(10));
        Assert.That(sentences[^1], Is.EqualTo("Last line without a stop"));
    }

    [Test]
    public void MulticlassMetrics_HandCountedMatrix_GivesHandComputedFigures()
    {
        var metrics = new MulticlassMetrics(["negative", "neutral", "positive"]);
        // actual negative: 3 right, 1 as neutral; actual neutral: 2 right, 2 as positive; actual positive: 4 right.
        foreach (var (actual, predicted, count) in new[] { (0, 0, 3), (0, 1, 1), (1, 1, 2), (1, 2, 2), (2, 2, 4) })
        {
            for (var i = 0; i < count; i++)
            {
                metrics.Add(actual, predicted);
            }
        }

        Assert.That(metrics.Accuracy, Is.EqualTo(9 / 12.0));
        Assert.That(metrics.For(0), Is.EqualTo(new ClassMetrics(1.0, 0.75, 2 * 0.75 / 1.75, 4)));
        Assert.That(metrics.For(1).Precision, Is.EqualTo(2 / 3.0));
        Assert.That(metrics.For(2).Precision, Is.EqualTo(4 / 6.0));
        var f1 = new[] { 2 * 0.75 / 1.75, 2 * (2 / 3.0) * 0.5 / (2 / 3.0 + 0.5), 2 * (4 / 6.0) / (4 / 6.0 + 1) };
        Assert.That(metrics.MacroF1, Is.EqualTo(f1.Average()).Within(1e-12));
    }

    // negative P 3/4 R 3/4, neutral P 1/2 R 1/2; positive neither labelled nor predicted: left out of the mean.
    [TestCase(0, (0.75 + 0.5) / 2)]
    // negative P 1 R 3/4, neutral P 1/2 R 1/2; positive predicted once though never labelled: it counts, with F1 0.
    [TestCase(2, (2 * 0.75 / 1.75 + 0.5 + 0) / 3)]
    public void MulticlassMetrics_ClassNeverLabelled_CountsOnlyWhenPredicted(int lastPrediction, double macroF1)
    {
        var metrics = new MulticlassMetrics(["negative", "neutral", "positive"]);
        foreach (var (actual, predicted) in new[] { (0, 0), (0, 0), (0, 0), (0, 1), (1, 1), (1, lastPrediction) })
        {
            metrics.Add(actual, predicted);
        }

        Assert.That(metrics.MacroF1, Is.EqualTo(macroF1).Within(1e-12));
    }

    [TestCase(new[] { "0", "1", "1" }, LabelScheme.TwoClass)]
    [TestCase(new[] { "-1", "0", "1" }, LabelScheme.ThreeClassNumeric)]
    [TestCase(new[] { "negative", "Neutral", "positive" }, LabelScheme.Words)]
    public void SchemeOf_Labels_TellsHowTheyRead(string[] labels, LabelScheme scheme)
    {
        Assert.That(SentimentEvaluation.SchemeOf(labels), Is.EqualTo(scheme));
    }

    [TestCase("0", LabelScheme.TwoClass, 0)]
    [TestCase("1", LabelScheme.TwoClass, 2)]
    [TestCase("0", LabelScheme.ThreeClassNumeric, 1)]
    [TestCase("-1", LabelScheme.ThreeClassNumeric, 0)]
    [TestCase("Positive", LabelScheme.Words, 2)]
    [TestCase("angry", LabelScheme.Words, null)]
    public void ClassOf_Label_IsTheClassIndex(string label, LabelScheme scheme, int? expected)
    {
        Assert.That(SentimentEvaluation.ClassOf(label, scheme), Is.EqualTo(expected));
    }
}
