using Pipeline.Core;
using Pipeline.Models.Sentiment;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

/// <summary>A sentiment model per language: Russian reads stems, Chinese jieba's words and characters, each scores its own texts.</summary>
public class SentimentLanguageTests
{
    private static readonly VaderScorer Vader = new(VaderLexicon.Load(Path.Combine(TestPaths.Data, "lexicons", "vader_lexicon.txt")));

    private static readonly string[] ChineseNegative =
    [
        "质量太差了，用了两天就坏了", "客服态度很差，一直不回复", "非常失望，再也不买了", "退款一个月还没到账，太糟糕了",
        "物流太慢，包装也破了", "屏幕有坏点，要求退货", "垃圾产品，不推荐", "收到的东西和描述不一样，很生气",
    ];

    private static readonly string[] ChinesePositive =
    [
        "质量很好，非常满意", "客服态度很好，回复很快", "物流很快，包装完好", "非常喜欢，还会再来买",
        "东西不错，性价比高", "很满意的一次购物，推荐", "效果很好，家人都喜欢", "服务周到，值得信赖",
    ];

    private static SentimentFeatures Features(string language) => new(Vader, SentimentNames.None, language: language);

    private static SentimentModel FitChinese(string directory)
    {
        var rows = new List<LabelledSentence>();
        for (var copy = 0; copy < 3; copy++)
        {
            rows.AddRange(ChineseNegative.Select(t => new LabelledSentence(t, SentimentClass.Negative, "zh-test")));
            rows.AddRange(ChinesePositive.Select(t => new LabelledSentence(t, SentimentClass.Positive, "zh-test")));
        }

        // Train writes the model and checks the direct arithmetic against ML.NET on every row.
        new SentimentTrainer(Features(Languages.Chinese), Vader).Train(rows, new string('a', 64), folds: 0, directory);
        var features = Task.FromResult(Features(Languages.Chinese));
        return SentimentModel.Load(Path.Combine(directory, SentimentModelFiles.ModelFile), features, "zh-test");
    }

    [Test]
    public void Row_Chinese_ReadsJiebasWordsThenMarkedCharacters()
    {
        var row = Features(Languages.Chinese).Row("客服态度不好！");

        Assert.That(row.Text, Is.EqualTo("客服 态度 不好 c客 c服 c态 c度 c不 c好"));
        Assert.That(row.Lexicon[5], Is.GreaterThan(0), "the full-width ！ counts as an exclamation");
    }

    [Test]
    public void Row_Russian_ReadsStems()
    {
        Assert.That(Features(Languages.Russian).Row("Ужасное обслуживание в банке").Text, Is.EqualTo("ужасн обслуживан в банк"));
    }

    [Test]
    public void Train_ChineseTwoClassRows_WritesTwoClassModelThatTellsThemApart()
    {
        var directory = TestPaths.NewScratch("sentiment-zh");

        var model = FitChinese(directory);
        var results = model.Score(["产品质量太差，很失望", "非常满意，质量很好"]);

        Assert.That(model.TwoClass, Is.True);
        Assert.That(model.Language, Is.EqualTo(Languages.Chinese));
        Assert.That(results[0].Class, Is.EqualTo(SentimentClass.Negative));
        Assert.That(results[1].Class, Is.EqualTo(SentimentClass.Positive));
        Assert.That(results.Select(r => r.Neutral), Is.All.Zero, "a two-class model has no neutral probability");
        var metrics = System.Text.Json.JsonSerializer.Deserialize<SentimentMetricsFile>(File.ReadAllText(Path.Combine(directory, SentimentModelFiles.MetricsFile)), SentimentModelFiles.Json)!;
        Assert.That(metrics.Language, Is.EqualTo(Languages.Chinese));
        Assert.That(metrics.ModelVersion, Does.StartWith(SentimentPipeline.VersionPrefix(Languages.Chinese) + "+"));
    }

    [Test]
    public void Score_TwoClassModelTextWithNoKnownWord_IsNeutral()
    {
        var model = FitChinese(TestPaths.NewScratch("sentiment-zh"));

        var result = model.Score(["星期三"]).Single();

        Assert.That(Math.Abs(result.Positive - result.Negative), Is.LessThan(SentimentModel.TwoClassNeutralMargin));
        Assert.That(result.Class, Is.EqualTo(SentimentClass.Neutral));
    }

    [Test]
    public void Score_SetOfModels_ScoresEachTextByItsLanguagesModel()
    {
        var chinese = FitChinese(TestPaths.NewScratch("sentiment-zh"));
        var english = new SentimentTrainer(new SentimentFeatures(Vader, SentimentNames.None), Vader).Fit(
            [
                new LabelledSentence("awful service, I am furious", SentimentClass.Negative, "t"),
                new LabelledSentence("please send the form", SentimentClass.Neutral, "t"),
                new LabelledSentence("thank you, great help", SentimentClass.Positive, "t"),
            ], "en-test");
        var models = new SentimentModels(new Dictionary<string, SentimentModel> { [Languages.English] = english, [Languages.Chinese] = chinese });
        string?[] texts = ["质量太差，很失望", "thank you, great help", "质量很好，非常满意", null, "merci beaucoup"];
        string[] languages = [Languages.Chinese, Languages.English, Languages.Chinese, Languages.Chinese, Languages.Other];

        var results = models.Score(texts, languages);

        Assert.That(models.For(Languages.Chinese), Is.SameAs(chinese));
        Assert.That(models.For(Languages.Russian), Is.SameAs(english), "a language without a model of its own is scored by the English one");
        Assert.That(models.For(Languages.Other), Is.SameAs(english));
        Assert.That(results[0], Is.EqualTo(chinese.Score([texts[0]])[0]));
        Assert.That(results[1], Is.EqualTo(english.Score([texts[1]])[0]));
        Assert.That(results[2], Is.EqualTo(chinese.Score([texts[2]])[0]));
        Assert.That(results[3].Sentences, Is.Zero);
        Assert.That(results[4], Is.EqualTo(english.Score([texts[4]])[0]));
        Assert.That(models.Version, Is.EqualTo("en-test/zh-test"));
    }

    [Test]
    public void Load_ShippedRussianData_HasCedrAndXedInThreeClasses()
    {
        var rows = SentimentTrainingData.Load(Path.Combine(TestPaths.Data, "sentiment", "ru"));

        Assert.That(rows.Select(r => r.Source).Distinct(), Is.EquivalentTo(new[] { "cedr_main_train", "xed_ru_projections" }));
        Assert.That(rows.Where(r => r.Source == "cedr_main_train").Select(r => r.Label).Distinct(), Is.EquivalentTo(Enum.GetValues<SentimentClass>()));
        Assert.That(rows.Count(r => r.Source == "cedr_main_train" && r.Label == SentimentClass.Neutral), Is.EqualTo(3043), "CEDR's rows without an emotion");
    }

    [Test]
    public void Balanced_UnevenClasses_EachClassWeighsTheSame()
    {
        List<LabelledSentence> rows =
        [
            new("a", SentimentClass.Negative, "s"), new("b", SentimentClass.Neutral, "s"), new("c", SentimentClass.Neutral, "s"),
            new("d", SentimentClass.Neutral, "s"), new("e", SentimentClass.Positive, "s", 2f), new("f", SentimentClass.Positive, "s", 1f),
        ];

        var balanced = SentimentTrainingData.Balanced(rows);

        var totals = balanced.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Sum(r => r.Weight));
        Assert.That(totals.Values, Has.All.EqualTo(totals[SentimentClass.Negative]).Within(1e-5));
        Assert.That(totals.Values.Sum(), Is.EqualTo(rows.Sum(r => r.Weight)).Within(1e-5), "the total weight is kept");
        Assert.That(balanced[4].Weight, Is.EqualTo(2 * balanced[5].Weight).Within(1e-5), "a row keeps its weight relative to its class");
    }
}
