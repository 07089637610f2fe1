using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Lingua;
using Pipeline.Core;
using Pipeline.Ingest;

namespace Pipeline.Evaluation;

/// <summary>
/// Language detection on real texts whose language is known: the share detected right, by set, for the pipeline's
/// detector (<see cref="TextLanguage"/>: the script, the function-word shortcut, then Lingua) and for Lingua alone over
/// the same candidates, with the time each takes per text (the detector's second pass over the set: its first loads
/// Lingua's models and compiles the code).
/// </summary>
public sealed class LanguageSuite(string repository, string shared)
{
    public sealed record Row(string Set, string Language, int Texts, double Detector, double DetectorMicroseconds, double LinguaAlone, double LinguaMicroseconds, string Errors);

    public IReadOnlyList<Row> Run(int perSet)
    {
        var lingua = LanguageDetectorBuilder.FromLanguages(
            Lingua.Language.English, Lingua.Language.Russian, Lingua.Language.Chinese, Lingua.Language.German, Lingua.Language.French,
            Lingua.Language.Spanish, Lingua.Language.Italian, Lingua.Language.Portuguese, Lingua.Language.Dutch, Lingua.Language.Polish,
            Lingua.Language.Turkish, Lingua.Language.Ukrainian, Lingua.Language.Bulgarian, Lingua.Language.Japanese, Lingua.Language.Korean)
            .WithLowAccuracyMode().Build();
        var sets = new (string Name, string Language, IEnumerable<string> Texts)[]
        {
            ("CFPB sample narratives (data/complaints)", Languages.English, Csv(Path.Combine(repository, "data", "complaints", "cfpb_complaints_sample.csv"), "Consumer complaint narrative")),
            ("SemEval-2017 tweets (test)", Languages.English, Tsv(Path.Combine(shared, "sentiment", "semeval2017-task4a", "test_2017.tsv"), 2)),
            ("CEDR (test)", Languages.Russian, Csv(Path.Combine(shared, "ru", "cedr", "cedr-main-test.csv"), "text")),
            ("RuSentiment (test)", Languages.Russian, Csv(Path.Combine(shared, "ru", "rusentiment", "rusentiment_test.csv"), "text")),
            ("online shopping reviews", Languages.Chinese, Csv(Path.Combine(shared, "zh", "online-shopping-9-cats", "online_shopping_9_cats_nohotel.csv"), "review")),
            ("CLUE emotion Weibo (test)", Languages.Chinese, Jsonl(Path.Combine(shared, "zh", "clue-emotion2020", "test.jsonl"), "content")),
        };

        var rows = new List<Row>();
        foreach (var (name, language, all) in sets)
        {
            var texts = all.Where(t => !string.IsNullOrWhiteSpace(t)).Take(perSet).ToList();
            _ = TextLanguage.Detect(texts[0]);
            _ = lingua.DetectLanguageOf(texts[0]);

            var errors = new Dictionary<string, int>();
            foreach (var text in texts)
            {
                _ = TextLanguage.Detect(text);
            }

            var watch = Stopwatch.StartNew();
            var right = 0;
            foreach (var text in texts)
            {
                var found = TextLanguage.Detect(text);
                if (found == language)
                {
                    right++;
                }
                else
                {
                    errors[found] = errors.GetValueOrDefault(found) + 1;
                }
            }

            var detectorTime = watch.Elapsed.TotalMicroseconds / texts.Count;
            watch.Restart();
            var linguaRight = 0;
            foreach (var text in texts)
            {
                linguaRight += Code(lingua.DetectLanguageOf(text)) == language ? 1 : 0;
            }

            rows.Add(new Row(name, language, texts.Count, (double)right / texts.Count, detectorTime, (double)linguaRight / texts.Count,
                watch.Elapsed.TotalMicroseconds / texts.Count, string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}"))));
        }

        return rows;
    }

    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder("| set | language | texts | detector | µs/text | Lingua alone | µs/text | detector's misses |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {r.Set} | {r.Language} | {r.Texts:N0} | {r.Detector:P1} | {r.DetectorMicroseconds:0} | {r.LinguaAlone:P1} | {r.LinguaMicroseconds:0} | {r.Errors} |\n");
        }

        return text.ToString();
    }

    private static string Code(Lingua.Language language) => language switch
    {
        Lingua.Language.English or Lingua.Language.Unknown => Languages.English,
        Lingua.Language.Russian => Languages.Russian,
        Lingua.Language.Chinese => Languages.Chinese,
        _ => Languages.Other,
    };

    private static IEnumerable<string> Csv(string path, string column)
    {
        using var reader = new CsvReader(new StreamReader(path, Encoding.UTF8), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        while (reader.Read())
        {
            yield return reader.GetField(column) ?? "";
        }
    }

    private static IEnumerable<string> Tsv(string path, int column) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split('\t')).Where(f => f.Length > column).Select(f => f[column]);

    private static IEnumerable<string> Jsonl(string path, string field) =>
        File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty(field).GetString() ?? "");
}
