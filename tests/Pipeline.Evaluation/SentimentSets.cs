using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Pipeline.Core;
using Pipeline.Models.Sentiment;

namespace Pipeline.Evaluation;

/// <summary>A labelled text of an evaluation set (sentiment).</summary>
public sealed record SentimentExample(string Text, SentimentClass Label);

/// <summary>
/// The DEV sentiment sets in the shared data (never trained on): SemEval-2017 task 4A test tweets,
/// the Kaggle tweet-sentiment-extraction tweets, the hand-labelled Sentiment140 test tweets and the
/// MELD test utterances (Friends dialogue). Each reader says what it reads and fails with the file's name.
/// </summary>
public static class SentimentSets
{
    public static IReadOnlyList<(string Name, string Description, Func<string, IReadOnlyList<SentimentExample>> Read)> All { get; } =
    [
        ("semeval2017-test", "SemEval-2017 4A test tweets", SemEval),
        ("tweet-sentiment-extraction", "Kaggle 2020 tweets", TweetSentimentExtraction),
        ("sentiment140-test", "Sentiment140 hand-labelled test tweets (brands, products)", Sentiment140),
        ("meld-test", "MELD test utterances (dialogue)", Meld),
    ];

    public static IReadOnlyList<SentimentExample> SemEval(string shared)
    {
        var rows = new List<SentimentExample>();
        var path = Path.Combine(shared, "sentiment", "semeval2017-task4a", "test_2017.tsv");
        foreach (var line in File.ReadLines(path, Encoding.UTF8).Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 3)
            {
                rows.Add(new SentimentExample(parts[2], Parse(parts[1], path)));
            }
        }

        return rows;
    }

    public static IReadOnlyList<SentimentExample> TweetSentimentExtraction(string shared)
    {
        var path = Path.Combine(shared, "sentiment", "tweet-sentiment-extraction", "train.csv");
        return ReadCsv(path, Encoding.UTF8, hasHeader: true, r => (r.GetField("text") ?? "", r.GetField("sentiment") ?? ""));
    }

    public static IReadOnlyList<SentimentExample> Sentiment140(string shared)
    {
        var path = Path.Combine(shared, "sentiment", "sentiment140-test", "testdata.manual.2009.06.14.csv");
        return ReadCsv(path, Encoding.Latin1, hasHeader: false, r => (r.GetField(1) ?? "", r.GetField(0) switch { "0" => "negative", "2" => "neutral", "4" => "positive", var x => x ?? "" }));
    }

    public static IReadOnlyList<SentimentExample> Meld(string shared)
    {
        var path = Path.Combine(shared, "emotion", "meld", "test_sent_emo.csv");
        return ReadCsv(path, Encoding.UTF8, hasHeader: true, r => (Clean(r.GetField("Utterance") ?? ""), r.GetField("Sentiment") ?? ""));
    }

    /// <summary>MELD's utterances carry mis-decoded Windows-1252 apostrophes and dashes.</summary>
    public static string Clean(string text) => text.Replace('\u0092', '\'').Replace('\u0091', '\'').Replace('\u0093', '"').Replace('\u0094', '"').Replace('\u0097', '-');

    private static IReadOnlyList<SentimentExample> ReadCsv(string path, Encoding encoding, bool hasHeader, Func<CsvReader, (string Text, string Label)> pick)
    {
        var rows = new List<SentimentExample>();
        using var reader = new StreamReader(path, encoding);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = hasHeader, BadDataFound = null });
        if (hasHeader)
        {
            csv.Read();
            csv.ReadHeader();
        }

        while (csv.Read())
        {
            var (text, label) = pick(csv);
            if (text.Trim().Length > 0 && label.Length > 0 && !label.Equals("polarity", StringComparison.OrdinalIgnoreCase))
            {
                rows.Add(new SentimentExample(text.Trim(), Parse(label, path)));
            }
        }

        return rows;
    }

    private static SentimentClass Parse(string label, string path) => label.Trim().ToLowerInvariant() switch
    {
        "negative" => SentimentClass.Negative,
        "neutral" => SentimentClass.Neutral,
        "positive" => SentimentClass.Positive,
        _ => throw new InvalidDataException($"{path}: '{label}' is not negative, neutral or positive."),
    };
}
