using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Pipeline.Core;

namespace Pipeline.Models.Sentiment;

/// <summary>A labelled training text, the corpus it came from, and how much it counts in training.</summary>
public sealed record LabelledSentence(string Text, SentimentClass Label, string Source, float Weight = 1f);

/// <summary>
/// The training data we may ship (data/sentiment/, gzipped), each file read by the format its name says:
/// <list type="bullet">
/// <item><c>vader_*</c>: the VADER paper's human-rated snippets (tweets, Amazon, movie, NYT editorials; MIT),
/// mean ratings −4..+4: <see cref="NeutralBand"/> or more either way is positive or negative, nearer zero neutral.</item>
/// <item><c>uci_*</c>: the UCI "Sentiment Labelled Sentences" (Amazon, IMDb, Yelp; CC BY 4.0), 0 negative, 1 positive.</item>
/// <item><c>goemotions_*</c>: GoEmotions Reddit comments (Apache-2.0), 27 emotions grouped as the GoEmotions paper
/// groups them: positive emotions only → positive, negative only → negative, neutral only → neutral; mixed or
/// ambiguous (surprise, confusion, curiosity, realisation) rows are left out.</item>
/// <item><c>xed_*_annotated</c> and <c>xed_*_neutral</c>: XED movie subtitles (CC BY 4.0), Plutchik's eight emotions:
/// joy or trust only → positive, anger, disgust, fear or sadness only → negative; the neutral file → neutral.</item>
/// <item><c>emobank</c>: EmoBank sentences (CC BY-SA 4.0) rated for valence 1..5: ≤ <see cref="EmoBankNegative"/>
/// negative, ≥ <see cref="EmoBankPositive"/> positive, between neutral.</item>
/// <item><c>cfpb_*</c>: CFPB complaint narratives (public domain; a CSV with the export's "Consumer complaint
/// narrative" column), negative by what they are: a complaint filed with a regulator about one's own harm. The
/// only long texts and the only complaints among the corpora; none of them is in the shipped sample (the gold set
/// is drawn from that).</item>
/// <item><c>cedr_*</c>: CEDR's Russian sentences (Apache-2.0), five emotions or none (<see cref="ReadCedr"/>); with XED's
/// Russian projections (<c>xed_ru_projections</c>) the Russian model's data, in <c>ru/</c>. The Chinese model's is XED's
/// Chinese projections (<c>xed_zh_projections</c>, in <c>zh/</c>): joy and trust against anger, disgust, fear and
/// sadness, so it knows two classes.</item>
/// </list>
/// The emotion corpora are large and their labels come from emotions, not from sentiment, so their rows weigh
/// less (<see cref="WeightOf"/>): the weights were chosen on the DEV sets of the evaluation suite (README).
/// </summary>
public static class SentimentTrainingData
{
    public const double NeutralBand = 0.75;
    public const double EmoBankNegative = 2.6;
    public const double EmoBankPositive = 3.4;

    /// <summary>GoEmotions label ids, in the order of its emotions.txt.</summary>
    private static readonly string[] GoEmotionNames =
    [
        "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire", "disappointment",
        "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
        "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
    ];

    private static readonly HashSet<string> GoPositive = new(StringComparer.Ordinal)
    {
        "admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude", "joy", "love", "optimism", "pride", "relief",
    };

    private static readonly HashSet<string> GoNegative = new(StringComparer.Ordinal)
    {
        "anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment", "fear", "grief", "nervousness", "remorse", "sadness",
    };

    /// <summary>The training weight of a row of the corpus (the file name without its extension).</summary>
    public static float WeightOf(string source) => source switch
    {
        _ when source.StartsWith("goemotions", StringComparison.Ordinal) => 0.4f,
        _ when source.StartsWith("xed", StringComparison.Ordinal) => 0.5f,
        _ when source.StartsWith("emobank", StringComparison.Ordinal) => 0.7f,
        _ => 1f,
    };

    /// <summary>
    /// The rows with their weights scaled so that each class weighs the same in total (each row keeps its weight relative to
    /// the others of its class). Measured training on RuSentiment (DEV): macro-F1 0.566 → 0.635 on its test split, 0.445 →
    /// 0.607 on CEDR's; a class that is rare in the training file is otherwise rarely predicted anywhere.
    /// </summary>
    public static IReadOnlyList<LabelledSentence> Balanced(IReadOnlyList<LabelledSentence> rows)
    {
        var totals = new double[3];
        foreach (var row in rows)
        {
            totals[(int)row.Label] += row.Weight;
        }

        var present = totals.Count(t => t > 0);
        var all = totals.Sum();
        var balanced = new List<LabelledSentence>(rows.Count);
        foreach (var row in rows)
        {
            balanced.Add(row with { Weight = (float)(row.Weight * all / (present * totals[(int)row.Label])) });
        }

        return balanced;
    }

    /// <summary>The shipped training files, in name order.</summary>
    public static string[] Files(string directory)
    {
        var files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.gz").Where(f => FormatOf(Path.GetFileName(f)) is not null).Order(StringComparer.Ordinal).ToArray()
            : [];
        return files.Length > 0
            ? files
            : throw new InvalidDataException($"No sentiment training files (vader_*, uci_*, goemotions_*, xed_*, emobank*, cfpb_*, cedr_*; gzipped) in '{Path.GetFullPath(directory)}'.");
    }

    public static IReadOnlyList<LabelledSentence> Load(string directory)
    {
        var rows = new List<LabelledSentence>();
        foreach (var file in Files(directory))
        {
            rows.AddRange(LoadFile(file));
        }

        return rows;
    }

    /// <summary>The corpus name of a file: its name up to the first dot.</summary>
    public static string SourceOf(string file)
    {
        var name = Path.GetFileName(file);
        return name[..name.IndexOf('.', StringComparison.Ordinal)];
    }

    public static IReadOnlyList<LabelledSentence> LoadFile(string file)
    {
        var name = Path.GetFileName(file);
        var source = SourceOf(file);
        var weight = WeightOf(source);
        var format = FormatOf(name) ?? throw new InvalidDataException($"{file}: unknown training file (expected vader_*, uci_*, goemotions_*, xed_*, emobank*, cfpb_*, cedr_*).");
        var rows = new List<LabelledSentence>();
        if (format == Format.EmoBank)
        {
            ReadEmoBank(file, source, weight, rows);
            return rows;
        }

        if (format == Format.Cfpb)
        {
            ReadCfpb(file, source, weight, rows);
            return rows;
        }

        if (format == Format.Cedr)
        {
            ReadCedr(file, source, weight, rows);
            return rows;
        }

        var lineNumber = 0;
        foreach (var line in ReadLines(file))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var row = format switch
            {
                Format.Vader => FromVader(line, source, file, lineNumber),
                Format.Uci => FromUci(line, source, file, lineNumber),
                Format.GoEmotions => FromGoEmotions(line, source, file, lineNumber),
                Format.XedAnnotated => FromXed(line, source, file, lineNumber),
                _ => FromXedNeutral(line, source, file, lineNumber),
            };
            if (row is not null)
            {
                rows.Add(row with { Weight = weight });
            }
        }

        return rows;
    }

    /// <summary>SHA-256 over the files' names and bytes, in the order given: the data a model was trained on.</summary>
    public static string HashFiles(IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static SentimentClass FromRating(double meanRating) =>
        meanRating >= NeutralBand ? SentimentClass.Positive : meanRating <= -NeutralBand ? SentimentClass.Negative : SentimentClass.Neutral;

    private enum Format
    {
        Cfpb,
        Cedr,
        Vader,
        Uci,
        GoEmotions,
        XedAnnotated,
        XedNeutral,
        EmoBank,
    }

    private static Format? FormatOf(string name) => name switch
    {
        _ when name.StartsWith("cfpb_", StringComparison.Ordinal) => Format.Cfpb,
        _ when name.StartsWith("cedr_", StringComparison.Ordinal) => Format.Cedr,
        _ when name.StartsWith("vader_", StringComparison.Ordinal) => Format.Vader,
        _ when name.StartsWith("uci_", StringComparison.Ordinal) => Format.Uci,
        _ when name.StartsWith("goemotions", StringComparison.Ordinal) => Format.GoEmotions,
        _ when name.StartsWith("xed_", StringComparison.Ordinal) && name.Contains("_neutral", StringComparison.Ordinal) => Format.XedNeutral,
        _ when name.StartsWith("xed_", StringComparison.Ordinal) => Format.XedAnnotated,
        _ when name.StartsWith("emobank", StringComparison.Ordinal) => Format.EmoBank,
        _ => null,
    };

    private static LabelledSentence FromVader(string line, string source, string file, int lineNumber)
    {
        var parts = line.Split('\t');
        if (parts.Length < 3 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating))
        {
            throw new InvalidDataException($"{file}, line {lineNumber}: expected id<TAB>mean rating<TAB>text.");
        }

        return new LabelledSentence(string.Join('\t', parts.Skip(2)), FromRating(rating), source);
    }

    private static LabelledSentence FromUci(string line, string source, string file, int lineNumber)
    {
        var tab = line.LastIndexOf('\t');
        var label = tab >= 0 ? line[(tab + 1)..].Trim() : string.Empty;
        return label switch
        {
            "0" => new LabelledSentence(line[..tab].Trim(), SentimentClass.Negative, source),
            "1" => new LabelledSentence(line[..tab].Trim(), SentimentClass.Positive, source),
            _ => throw new InvalidDataException($"{file}, line {lineNumber}: expected sentence<TAB>0|1."),
        };
    }

    private static LabelledSentence? FromGoEmotions(string line, string source, string file, int lineNumber)
    {
        var parts = line.Split('\t');
        if (parts.Length < 2)
        {
            throw new InvalidDataException($"{file}, line {lineNumber}: expected text<TAB>emotion ids.");
        }

        bool positive = false, negative = false, neutral = false, other = false;
        foreach (var id in parts[1].Split(','))
        {
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= GoEmotionNames.Length)
            {
                throw new InvalidDataException($"{file}, line {lineNumber}: '{id}' is not a GoEmotions label id (0..27).");
            }

            var emotion = GoEmotionNames[index];
            positive |= GoPositive.Contains(emotion);
            negative |= GoNegative.Contains(emotion);
            neutral |= emotion == "neutral";
            other |= !GoPositive.Contains(emotion) && !GoNegative.Contains(emotion) && emotion != "neutral";
        }

        SentimentClass? label = (positive, negative, neutral, other) switch
        {
            (true, false, _, _) => SentimentClass.Positive,
            (false, true, _, _) => SentimentClass.Negative,
            (false, false, true, false) => SentimentClass.Neutral,
            _ => null,
        };
        return label is { } l ? new LabelledSentence(parts[0], l, source) : null;
    }

    private static LabelledSentence? FromXed(string line, string source, string file, int lineNumber)
    {
        var tab = line.LastIndexOf('\t');
        if (tab < 0)
        {
            throw new InvalidDataException($"{file}, line {lineNumber}: expected text<TAB>emotion ids (1..8).");
        }

        bool positive = false, negative = false;
        foreach (var id in line[(tab + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (id)
            {
                case "5" or "8": positive = true; break;          // joy, trust
                case "1" or "3" or "4" or "6": negative = true; break; // anger, disgust, fear, sadness
                case "2" or "7": break;                              // anticipation, surprise: either way
                default: throw new InvalidDataException($"{file}, line {lineNumber}: '{id}' is not an XED emotion id (1..8).");
            }
        }

        var text = line[..tab].Trim();
        return (positive, negative) switch
        {
            (true, false) when text.Any(char.IsLetter) => new LabelledSentence(text, SentimentClass.Positive, source),
            (false, true) when text.Any(char.IsLetter) => new LabelledSentence(text, SentimentClass.Negative, source),
            _ => null,
        };
    }

    private static LabelledSentence? FromXedNeutral(string line, string source, string file, int lineNumber)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
        {
            throw new InvalidDataException($"{file}, line {lineNumber}: expected 9<TAB>text.");
        }

        var text = line[(tab + 1)..].Trim();
        return text.Any(char.IsLetter) ? new LabelledSentence(text, SentimentClass.Neutral, source) : null;
    }

    private static void ReadEmoBank(string file, string source, float weight, List<LabelledSentence> rows)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader())
        {
            throw new InvalidDataException($"{file}: empty; expected the EmoBank header id,split,V,A,D,text.");
        }

        var valence = csv.GetFieldIndex("V");
        var text = csv.GetFieldIndex("text");
        while (csv.Read())
        {
            if (!double.TryParse(csv.GetField(valence), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                throw new InvalidDataException($"{file}, row {csv.Parser.Row}: valence '{csv.GetField(valence)}' is not a number.");
            }

            var label = v <= EmoBankNegative ? SentimentClass.Negative : v >= EmoBankPositive ? SentimentClass.Positive : SentimentClass.Neutral;
            var sentence = (csv.GetField(text) ?? string.Empty).Trim();
            if (sentence.Any(char.IsLetter))
            {
                rows.Add(new LabelledSentence(sentence, label, source, weight));
            }
        }
    }

    private static void ReadCfpb(string file, string source, float weight, List<LabelledSentence> rows)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord?.Contains(CfpbNarrative) != true)
        {
            throw new InvalidDataException($"{file}: expected a CFPB export with the column '{CfpbNarrative}'.");
        }

        var narrative = csv.GetFieldIndex(CfpbNarrative);
        while (csv.Read())
        {
            var text = (csv.GetField(narrative) ?? string.Empty).Trim();
            if (text.Any(char.IsLetter))
            {
                rows.Add(new LabelledSentence(text, SentimentClass.Negative, source, weight));
            }
        }
    }

    private const string CfpbNarrative = "Consumer complaint narrative";

    /// <summary>
    /// CEDR (Russian sentences from LiveJournal, Lenta.ru and Twitter; Apache-2.0): a CSV of text, labels, source, the labels
    /// a list of emotion ids ("[]", "[0]", "[1 4]"; 0 joy, 1 sadness, 2 surprise, 3 fear, 4 anger). Joy only → positive;
    /// sadness, fear or anger only → negative; no emotion → neutral; surprise alone or joy with a negative one → left out.
    /// </summary>
    private static void ReadCedr(string file, string source, float weight, List<LabelledSentence> rows)
    {
        foreach (var (text, emotions) in ReadCedrRows(file))
        {
            var positive = emotions.Contains(CedrJoy);
            var negative = emotions.Contains(CedrSadness) || emotions.Contains(CedrFear) || emotions.Contains(CedrAnger);
            SentimentClass? label = (positive, negative, emotions.Count) switch
            {
                (true, false, _) => SentimentClass.Positive,
                (false, true, _) => SentimentClass.Negative,
                (false, false, 0) => SentimentClass.Neutral,
                _ => null,
            };
            var trimmed = text.Trim();
            if (label is { } l && trimmed.Any(char.IsLetter))
            {
                rows.Add(new LabelledSentence(trimmed, l, source, weight));
            }
        }
    }

    public const int CedrJoy = 0;
    public const int CedrSadness = 1;
    public const int CedrFear = 3;
    public const int CedrAnger = 4;

    /// <summary>A gzipped CEDR file's rows: each text with its emotion ids (0..4), checked (what sentiment and anger training read).</summary>
    internal static IEnumerable<(string Text, IReadOnlySet<int> Emotions)> ReadCedrRows(string file)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord?.Contains("text") != true || !csv.HeaderRecord.Contains("labels"))
        {
            throw new InvalidDataException($"{file}: expected CEDR's header text,labels,source.");
        }

        var textIndex = csv.GetFieldIndex("text");
        var labelsIndex = csv.GetFieldIndex("labels");
        while (csv.Read())
        {
            var labels = (csv.GetField(labelsIndex) ?? string.Empty).Trim();
            if (labels.Length < 2 || labels[0] != '[' || labels[^1] != ']')
            {
                throw new InvalidDataException($"{file}, row {csv.Parser.Row}: labels '{labels}' are not a CEDR list such as [] or [0 4].");
            }

            var emotions = new HashSet<int>();
            foreach (var id in labels[1..^1].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var emotion) || emotion > CedrAnger)
                {
                    throw new InvalidDataException($"{file}, row {csv.Parser.Row}: '{id}' is not a CEDR emotion id (0..4).");
                }

                emotions.Add(emotion);
            }

            yield return (csv.GetField(textIndex) ?? string.Empty, emotions);
        }
    }

    /// <summary>A gzipped text file's lines, split on LF and CRLF only (the IMDb file has U+0085 inside sentences).</summary>
    internal static IEnumerable<string> ReadLines(string file)
    {
        using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false));
        var text = reader.ReadToEnd();
        foreach (var line in text.Split('\n'))
        {
            yield return line.TrimEnd('\r');
        }
    }
}
