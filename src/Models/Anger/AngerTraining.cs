using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core;

namespace Pipeline.Models.Anger;

/// <summary>anger-model.json: what <c>train anger</c> learned from, the thresholds it chose, and how they do on its data.</summary>
public sealed record AngerModelFile(
    string Language,
    string TrainedOn,
    string DataHash,
    int Rows,
    int AngryRows,
    int SkippedRows,
    int LearnedTerms,
    double WatchThreshold,
    double HighThreshold,
    double CriticalThreshold,
    double MinPrecision,
    double Precision,
    double Recall)
{
    public const string FileName = "anger-model.json";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static AngerModelFile Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<AngerModelFile>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty; run `train anger` again.")
            : throw new FileNotFoundException($"'{directory}' holds no anger model ({FileName}); `train anger --data FILE --out {directory}` writes one.");
    }

    /// <summary>The configured options with this model's thresholds.</summary>
    public AngerOptions Apply(AngerOptions options) => options.WithThresholds(WatchThreshold, HighThreshold, CriticalThreshold);
}

/// <summary>
/// <c>train anger</c>: learns terms from texts labelled angry (1) or not (0) on top of the curated lexicon, writes
/// them to <c>anger.&lt;language&gt;.learned.json</c> (every term with its weight and evidence), and chooses the
/// "high" threshold: the lowest that keeps precision at or above <c>minPrecision</c> on the data (watch one point
/// below, critical unchanged), so a team's own labels set how eagerly it escalates.
/// </summary>
public static class AngerTraining
{
    public static AngerModelFile Train(
        IReadOnlyList<(string Text, bool Angry)> rows, int skipped, string language, AngerLexicon curated, AngerOptions options,
        double minPrecision, string trainedOn, string dataHash, string outputDirectory)
    {
        var learned = new AngerTermLearner(curated).Learn(rows, trainedOn);
        Directory.CreateDirectory(outputDirectory);
        var learnedPath = Path.Combine(outputDirectory, AngerLexicon.LearnedFileName(language));
        File.WriteAllText(learnedPath, LearnedJson(language, trainedOn, learned));

        var lexicon = AngerLexicon.Merge([curated, AngerLexicon.Load(learnedPath)]);
        var engine = new AngerEngine(new Dictionary<string, AngerLexicon> { [language] = lexicon }, options);
        var scores = rows.Select(r => (Score: engine.Assess(r.Text, language).Score, r.Angry)).ToList();
        var angry = scores.Count(s => s.Angry);

        // Thresholds from 1.5 up in steps of 0.5: the first whose precision reaches the target.
        double high = options.HighThreshold, precision = 0, recall = 0;
        for (var t = 1.5; t <= options.CriticalThreshold - 0.5; t += 0.5)
        {
            var predicted = scores.Count(s => s.Score >= t);
            var hits = scores.Count(s => s.Score >= t && s.Angry);
            var p = predicted == 0 ? 0 : (double)hits / predicted;
            if (p >= minPrecision && predicted > 0)
            {
                (high, precision, recall) = (t, p, angry == 0 ? 0 : (double)hits / angry);
                break;
            }
        }

        var model = new AngerModelFile(language, trainedOn, dataHash, rows.Count, angry, skipped, learned.Count,
            Math.Max(0.5, high - 1), high, options.CriticalThreshold, minPrecision, Math.Round(precision, 4), Math.Round(recall, 4));
        File.WriteAllText(Path.Combine(outputDirectory, AngerModelFile.FileName), JsonSerializer.Serialize(model, AngerModelFile.Json));
        return model;
    }

    /// <summary>
    /// The shipped emotion data a language's default learned terms come from, against every other text of the same files:
    /// English, GoEmotions train comments labelled anger or annoyance and XED English subtitles labelled anger
    /// (data/sentiment); Russian, CEDR sentences labelled anger and XED's Russian subtitles labelled anger (its ru/ folder);
    /// Chinese, XED's Chinese subtitles labelled anger (its zh/ folder).
    /// </summary>
    public static IReadOnlyList<(string Text, bool Angry)> LoadShipped(string directory, string language = Languages.English)
    {
        var rows = new List<(string, bool)>();
        foreach (var file in ShippedFiles(directory, language))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("cedr_", StringComparison.Ordinal))
            {
                // CEDR's sentences: angry when anger is among their emotions.
                rows.AddRange(Sentiment.SentimentTrainingData.ReadCedrRows(file).Select(r => (r.Text, r.Emotions.Contains(Sentiment.SentimentTrainingData.CedrAnger))));
                continue;
            }

            foreach (var line in Sentiment.SentimentTrainingData.ReadLines(file))
            {
                var parts = line.Split('\t');
                if (parts.Length < 2)
                {
                    continue;
                }

                if (name.StartsWith("goemotions", StringComparison.Ordinal))
                {
                    var ids = parts[1].Split(',');
                    rows.Add((parts[0], ids.Contains("2") || ids.Contains("3")));
                }
                else if (name.Contains("_neutral", StringComparison.Ordinal))
                {
                    rows.Add((parts[1], false));
                }
                else
                {
                    rows.Add((parts[0], parts[1].Split(',').Any(x => x.Trim() == "1")));
                }
            }
        }

        return rows;
    }

    /// <summary>What <see cref="LoadShipped"/> reads for a language, in name order.</summary>
    public static IReadOnlyList<string> ShippedFiles(string directory, string language = Languages.English) => language switch
    {
        Languages.Russian => Shipped(Path.Combine(directory, Languages.Russian), "cedr_", "xed_ru"),
        Languages.Chinese => Shipped(Path.Combine(directory, Languages.Chinese), "xed_zh"),
        _ => Shipped(directory, "goemotions", "xed_en"),
    };

    /// <summary>How <c>train anger</c> names a language's shipped emotion data.</summary>
    public static string ShippedDescription(string language) => language switch
    {
        Languages.Russian => "the shipped emotion data (CEDR train anger, XED Russian anger)",
        Languages.Chinese => "the shipped emotion data (XED Chinese anger)",
        _ => "the shipped emotion data (GoEmotions train anger/annoyance, XED English anger)",
    };

    private static List<string> Shipped(string directory, params string[] prefixes)
    {
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.gz").Where(f => prefixes.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList()
            : [];
        return files.Count > 0
            ? files
            : throw new InvalidDataException($"No shipped emotion data ({string.Join(", ", prefixes.Select(p => p + "*"))}, gzipped) in '{Path.GetFullPath(directory)}'.");
    }

    /// <summary>Russian and Chinese terms written as they read, not as \u escapes: a support lead reads this file.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private static string LearnedJson(string language, string trainedOn, IReadOnlyList<LearnedAngerTerm> terms)
    {
        var text = new StringBuilder();
        text.AppendLine("{");
        text.AppendLine(CultureInfo.InvariantCulture, $"  // Written by `train anger` from {trainedOn.Replace("*/", string.Empty, StringComparison.Ordinal)}: terms angry texts use far more than others,");
        text.AppendLine("  // each with its weight and evidence. Edit the curated file, not this one: training writes it anew.");
        text.AppendLine(CultureInfo.InvariantCulture, $"  \"language\": {JsonSerializer.Serialize(language)},");
        text.AppendLine("  \"terms\": [");
        for (var i = 0; i < terms.Count; i++)
        {
            var t = terms[i];
            text.Append(CultureInfo.InvariantCulture,
                $"    {{ \"pattern\": {JsonSerializer.Serialize(t.Pattern, Readable)}, \"weight\": {t.Weight}, \"category\": \"anger\", \"source\": {JsonSerializer.Serialize(t.Source, Readable)} }}");
            text.AppendLine(i + 1 < terms.Count ? "," : string.Empty);
        }

        text.AppendLine("  ]");
        text.AppendLine("}");
        return text.ToString();
    }
}
