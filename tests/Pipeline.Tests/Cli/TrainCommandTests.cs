using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary><c>train sentiment --data</c>, <c>train anger --data</c> and <c>evaluate … --model</c>: a team's own labels in, a model folder out, evaluated by folder.</summary>
public class TrainCommandTests
{
    private string _scratch = null!;

    private Dictionary<string, string> Environment => new()
    {
        ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(_scratch, "pipeline.key"),
        ["PIPELINE_Sentiment__ModelDirectory"] = Path.Combine(_scratch, "models", "sentiment"),
        ["CI"] = "true",
    };

    [SetUp]
    public void SetUp() => _scratch = TestPaths.NewScratch("train");

    /// <summary>Three classes of short support messages, a row whose label does not read, and one without text.</summary>
    private async Task<string> WriteTeamSentimentAsync()
    {
        var text = new StringBuilder("message,tone\n");
        string[] products = ["card", "loan", "account", "transfer", "statement", "app", "mortgage", "payment", "refund", "branch"];
        for (var i = 0; i < 30; i++)
        {
            var product = products[i % products.Length];
            text.Append(FormattableString.Invariant($"\"The {product} fee is wrong again, terrible service and nobody helps {i}\",negative\n"));
            text.Append(FormattableString.Invariant($"\"Please send the {product} form to my address {i}\",neutral\n"));
            text.Append(FormattableString.Invariant($"\"Thank you so much, the {product} issue was solved quickly, great help {i}\",positive\n"));
        }

        text.Append("\"A message nobody labelled\",unsure\n");
        text.Append("\"\",negative\n");
        var path = Path.Combine(_scratch, "team.csv");
        await File.WriteAllTextAsync(path, text.ToString());
        return path;
    }

    [Test]
    public async Task TrainSentiment_TeamData_WritesModelThatEvaluateModelUses()
    {
        var data = await WriteTeamSentimentAsync();
        var model = Path.Combine(_scratch, "team-model");

        var trained = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "train", "sentiment", "--data", data,
            "--text-column", "message", "--label-column", "tone", "--folds", "0", "--out", model);

        Assert.That(trained.ExitCode, Is.Zero, trained.Stderr);
        Assert.That(trained.Stdout, Does.Contain("90 training rows from team.csv"));
        Assert.That(trained.Stdout, Does.Contain("2 rows skipped"));
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "metrics.json")));
        var root = metrics.RootElement;
        Assert.That(root.GetProperty("trainedOn").GetString(), Is.EqualTo("team.csv"));
        Assert.That(root.GetProperty("skippedRows").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("dataHash").GetString(), Is.EqualTo(HashOf(data)), "metrics.json names the data the model was trained on");

        var evaluated = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "sentiment", "--model", model, "--data", data,
            "--text-column", "message", "--label-column", "tone", "--json");

        Assert.That(evaluated.ExitCode, Is.Zero, evaluated.Stderr);
        Assert.That(evaluated.Stderr, Does.Not.Contain("No sentiment model"), "--model uses the folder, never trains the configured one");
        using var result = JsonDocument.Parse(evaluated.Stdout);
        Assert.That(result.RootElement.GetProperty("modelVersion").GetString(), Is.EqualTo(root.GetProperty("modelVersion").GetString()));
        Assert.That(result.RootElement.GetProperty("model").GetProperty("accuracy").GetDouble(), Is.GreaterThanOrEqualTo(0.9), "a model fits its own clearly separated training rows");
    }

    [Test]
    public async Task TrainSentiment_OneClassDataAlone_ExitsWithConfigurationCodeNamingWithShipped()
    {
        var data = Path.Combine(_scratch, "one.tsv");
        await File.WriteAllTextAsync(data, "text\tlabel\nawful\tnegative\nplease call me\tneutral\n");

        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "train", "sentiment", "--data", data, "--folds", "0", "--out", Path.Combine(_scratch, "m"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("has no positive rows").And.Contain("--with-shipped"));
        Assert.That(File.Exists(Path.Combine(_scratch, "m", "model.zip")), Is.False);
    }

    /// <summary>Chinese product reviews labelled 0/1, as the online-shopping and hotel review sets are.</summary>
    private async Task<string> WriteChineseReviewsAsync()
    {
        string[] negative = ["质量太差了，用了两天就坏了", "客服态度很差，一直不回复", "非常失望，再也不买了", "物流太慢，包装也破了", "收到的东西和描述不一样，很生气"];
        string[] positive = ["质量很好，非常满意", "客服态度很好，回复很快", "物流很快，包装完好", "非常喜欢，还会再来买", "东西不错，性价比高"];
        var text = new StringBuilder("review,label\n");
        foreach (var item in new[] { "手机", "衣服", "水果", "电脑" })
        {
            text.AppendJoin(string.Empty, negative.Select(n => $"{item}{n},0\n"));
            text.AppendJoin(string.Empty, positive.Select(p => $"{item}{p},1\n"));
        }

        var path = Path.Combine(_scratch, "reviews.csv");
        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    [Test]
    public async Task TrainSentiment_ChineseTwoClassReviews_WritesChineseModelThatEvaluateModelUses()
    {
        var data = await WriteChineseReviewsAsync();
        var model = Path.Combine(_scratch, "zh-model");

        var trained = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "train", "sentiment", "--language", "zh", "--data", data,
            "--text-column", "review", "--folds", "2", "--out", model);

        Assert.That(trained.ExitCode, Is.Zero, trained.Stderr);
        Assert.That(trained.Stdout, Does.Contain("Chinese sentiment model sentiment-zh-jieba-v2+").And.Contain("(two classes: negative, positive)").And.Contain("40 training rows from reviews.csv"));
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "metrics.json")));
        Assert.That(metrics.RootElement.GetProperty("language").GetString(), Is.EqualTo("zh"));
        Assert.That(metrics.RootElement.GetProperty("classCounts").GetProperty("neutral").GetInt32(), Is.Zero);
        Assert.That(metrics.RootElement.GetProperty("model").GetProperty("perClass").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "negative", "positive" }),
            "two-class data is cross-validated as two classes");

        var evaluated = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "sentiment", "--model", model, "--data", data, "--text-column", "review");

        Assert.That(evaluated.ExitCode, Is.Zero, evaluated.Stderr);
        Assert.That(evaluated.Stdout, Does.Contain("sentiment on 40 rows (TwoClass, 0 skipped), Chinese model sentiment-zh-jieba-v2+").And.Contain("(two classes)"));
        Assert.That(evaluated.Stdout, Does.Match(@"model: macro-F1 1\.000, accuracy 1\.000"), "a model fits its own clearly separated training rows");
    }

    [Test]
    public async Task TrainSentiment_UnknownLanguage_FailsNamingTheChoices()
    {
        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "train", "sentiment", "--language", "fr", "--out", Path.Combine(_scratch, "m"));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Stderr + result.Stdout, Does.Contain("fr").And.Contain("en").And.Contain("ru").And.Contain("zh"));
    }

    [TestCase("--with-shipped", "--with-shipped goes with --data FILE")]
    [TestCase("--folds 1", "--folds must be 0 (no cross-validation) or between 2 and 20")]
    public async Task TrainSentiment_BadOptions_FailsNamingTheOption(string options, string message)
    {
        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, ["train", "sentiment", "--out", Path.Combine(_scratch, "m"), .. options.Split(' ')]);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Stderr + result.Stdout, Does.Contain(message));
        Assert.That(File.Exists(Path.Combine(_scratch, "m", "model.zip")), Is.False);
    }

    [Test]
    public async Task EvaluateSentiment_ModelFolderWithoutModel_ExitsWithConfigurationCode()
    {
        var data = await WriteTeamSentimentAsync();

        var result = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "sentiment", "--model", _scratch, "--data", data, "--text-column", "message", "--label-column", "tone");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("holds no sentiment model"));
    }

    [Test]
    public async Task TrainAnger_TeamData_LearnsVisibleTermsAndThresholdsThatEvaluateModelUses()
    {
        // "grouchy" and "gobsmacked" are in no curated lexicon; the team's angry messages use them.
        var text = new StringBuilder("text,label\n");
        for (var i = 0; i < 24; i++)
        {
            text.Append(FormattableString.Invariant($"\"I am grouchy about order {i}, gobsmacked by this\",1\n"));
            text.Append(FormattableString.Invariant($"\"Where is my parcel for order {i}? It said Tuesday\",0\n"));
            text.Append(FormattableString.Invariant($"\"Please update the address on order {i}\",0\n"));
        }

        text.Append("\"#angry @someone 1234\",maybe\n");
        var data = Path.Combine(_scratch, "anger.csv");
        await File.WriteAllTextAsync(data, text.ToString());
        var model = Path.Combine(_scratch, "anger-model");

        var trained = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "train", "anger", "--data", data, "--out", model);

        Assert.That(trained.ExitCode, Is.Zero, trained.Stderr);
        Assert.That(trained.Stdout, Does.Contain("72 rows (24 angry), 1 skipped"));
        var learned = await File.ReadAllTextAsync(Path.Combine(model, "anger.en.learned.json"));
        Assert.That(learned, Does.Contain("\"pattern\": \"grouchy\"").And.Contain("\"pattern\": \"gobsmacked\""));
        Assert.That(learned, Does.Contain("learned from anger.csv: 24 angry and 0 other texts"));
        Assert.That(learned, Does.Not.Contain("\"pattern\": \"order\""), "a word both classes use is no anger term");
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(model, "anger-model.json")));
        Assert.That(file.RootElement.GetProperty("precision").GetDouble(), Is.GreaterThanOrEqualTo(0.8));
        Assert.That(file.RootElement.GetProperty("dataHash").GetString(), Is.EqualTo(HashOf(data)));

        var shipped = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "anger", "--data", data, "--json");
        var evaluated = await CliProcess.RunAsync(TestPaths.RepoRoot, Environment, "evaluate", "anger", "--model", model, "--data", data, "--json");

        Assert.That(evaluated.ExitCode, Is.Zero, evaluated.Stderr);
        using var before = JsonDocument.Parse(shipped.Stdout);
        using var after = JsonDocument.Parse(evaluated.Stdout);
        Assert.That(before.RootElement.GetProperty("recall").GetDouble(), Is.Zero, "the shipped lexicons know neither word");
        Assert.That(after.RootElement.GetProperty("recall").GetDouble(), Is.EqualTo(1.0));
        Assert.That(after.RootElement.GetProperty("precision").GetDouble(), Is.EqualTo(1.0));
    }

    private static string HashOf(string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path)));
        sha.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
