using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Pipeline.Core;
using Pipeline.Models.Sentiment;

namespace Pipeline.Evaluation;

/// <summary>
/// The team's gold set (<c>data/gold/gold.csv</c>): interactions drawn at random from the shipped sample and
/// labelled by hand by the written guidelines (<c>data/gold/GUIDELINES.md</c>). Columns: id, channel,
/// sentiment (negative/neutral/positive), angry (0/1), text. A test set only: nothing is trained or tuned on it.
/// </summary>
public static class GoldSet
{
    public static IReadOnlyList<SentimentExample> Read(string path) =>
        ReadRows(path).Select(r => new SentimentExample(r.Text, r.Sentiment)).ToList();

    public static IReadOnlyList<AngerExample> ReadAnger(string path) =>
        ReadRows(path).Select(r => new AngerExample(r.Text, r.Angry)).ToList();

    public static IReadOnlyList<(string Id, string Channel, SentimentClass Sentiment, bool Angry, string Text)> ReadRows(string path)
    {
        var rows = new List<(string, string, SentimentClass, bool, string)>();
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var sentiment = (csv.GetField("sentiment") ?? string.Empty).Trim() switch
            {
                "negative" => SentimentClass.Negative,
                "neutral" => SentimentClass.Neutral,
                "positive" => SentimentClass.Positive,
                var other => throw new InvalidDataException($"{path}, row {csv.Parser.Row}: sentiment '{other}' is not negative, neutral or positive."),
            };
            var angry = (csv.GetField("angry") ?? string.Empty).Trim() switch
            {
                "1" => true,
                "0" => false,
                var other => throw new InvalidDataException($"{path}, row {csv.Parser.Row}: angry '{other}' is not 0 or 1."),
            };
            rows.Add((csv.GetField("id") ?? string.Empty, csv.GetField("channel") ?? string.Empty, sentiment, angry, csv.GetField("text") ?? string.Empty));
        }

        return rows;
    }
}
