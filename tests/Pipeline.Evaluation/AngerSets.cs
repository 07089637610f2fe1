using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Pipeline.Evaluation;

/// <summary>A text of an anger evaluation set and whether its label says angry.</summary>
public sealed record AngerExample(string Text, bool Angry);

/// <summary>
/// The anger-labelled sets in the shared data. DEV sets (never trained on): TEC hashtag tweets, dair-ai
/// emotion test sentences, ISEAR self-reports, MELD test utterances. GoEmotions dev and XED are SHIP data
/// the learned lexicon is trained on (GoEmotions train; XED whole), so their rows say so in the table.
/// </summary>
public static class AngerSets
{
    public static IReadOnlyList<(string Name, string Description, bool Trained, Func<string, IReadOnlyList<AngerExample>> Read)> All { get; } =
    [
        ("tec", "TEC hashtag-labelled tweets", false, Tec),
        ("dair-emotion-test", "dair-ai emotion test sentences", false, Dair),
        ("isear", "ISEAR self-reported situations", false, Isear),
        ("meld-test", "MELD test utterances (dialogue)", false, Meld),
        ("goemotions-dev", "GoEmotions dev Reddit comments (the lexicon learned from its train split)", false, GoEmotionsDev),
        ("xed-en", "XED English subtitles (the lexicon learned from it)", true, Xed),
    ];

    public static IReadOnlyList<AngerExample> Tec(string shared)
    {
        var rows = new List<AngerExample>();
        foreach (var line in File.ReadLines(Path.Combine(shared, "emotion", "tec", "tweets_clean.txt"), Encoding.UTF8))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var mark = line.LastIndexOf(":: ", StringComparison.Ordinal);
            if (tab < 0 || mark <= tab)
            {
                continue;
            }

            rows.Add(new AngerExample(line[(tab + 1)..mark].Trim(), line[(mark + 3)..].Trim() == "anger"));
        }

        return rows;
    }

    public static IReadOnlyList<AngerExample> Dair(string shared) =>
        File.ReadLines(Path.Combine(shared, "emotion", "dair-emotion", "test.txt"), Encoding.UTF8)
            .Select(l => l.Split(';'))
            .Where(p => p.Length == 2)
            .Select(p => new AngerExample(p[0], p[1].Trim() == "anger"))
            .ToList();

    public static IReadOnlyList<AngerExample> Isear(string shared)
    {
        var rows = new List<AngerExample>();
        var path = Path.Combine(shared, "emotion", "isear", "isear.csv");
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = "|", Mode = CsvMode.NoEscape, BadDataFound = null, MissingFieldFound = null });
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var text = (csv.GetField("SIT") ?? string.Empty).Replace("á", string.Empty, StringComparison.Ordinal).Trim();
            if (text.Length > 0)
            {
                rows.Add(new AngerExample(text, csv.GetField("Field1") == "anger"));
            }
        }

        return rows;
    }

    public static IReadOnlyList<AngerExample> Meld(string shared)
    {
        var rows = new List<AngerExample>();
        using var reader = new StreamReader(Path.Combine(shared, "emotion", "meld", "test_sent_emo.csv"), Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            rows.Add(new AngerExample(SentimentSets.Clean(csv.GetField("Utterance") ?? string.Empty), csv.GetField("Emotion") == "anger"));
        }

        return rows;
    }

    public static IReadOnlyList<AngerExample> GoEmotionsDev(string shared) =>
        File.ReadLines(Path.Combine(shared, "emotion", "goemotions", "dev.tsv"), Encoding.UTF8)
            .Select(l => l.Split('\t'))
            .Where(p => p.Length >= 2)
            .Select(p => new AngerExample(p[0], p[1].Split(',').Contains("2")))
            .ToList();

    public static IReadOnlyList<AngerExample> Xed(string shared)
    {
        var rows = new List<AngerExample>();
        foreach (var line in File.ReadLines(Path.Combine(shared, "emotion", "xed", "en-annotated.tsv"), Encoding.UTF8))
        {
            var tab = line.LastIndexOf('\t');
            if (tab > 0)
            {
                rows.Add(new AngerExample(line[..tab], line[(tab + 1)..].Split(',').Any(x => x.Trim() == "1")));
            }
        }

        foreach (var line in File.ReadLines(Path.Combine(shared, "emotion", "xed", "neu_en.txt"), Encoding.UTF8))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                rows.Add(new AngerExample(line[(tab + 1)..], false));
            }
        }

        return rows;
    }
}
