using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Models.Sentiment;

/// <summary>A labelled training sentence and the corpus it came from.</summary>
public sealed record LabelledSentence(string Text, SentimentClass Label, string Source);

/// <summary>
/// The training data we may ship (data/sentiment/, gzipped): the VADER paper's human-rated snippets
/// (tweets, Amazon, movie and NYT editorial snippets; MIT) and the UCI "Sentiment Labelled Sentences"
/// (Amazon, IMDb, Yelp; CC BY 4.0). VADER's mean ratings run from -4 to +4: a mean of
/// <see cref="NeutralBand"/> or more either way is positive or negative, anything nearer zero neutral.
/// UCI sentences are two-class (0 negative, 1 positive).
/// </summary>
public static class SentimentTrainingData
{
    public const double NeutralBand = 0.75;

    public static IReadOnlyList<LabelledSentence> Load(string directory)
    {
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.txt.gz").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            throw new InvalidDataException($"No sentiment training files (*.txt.gz) in '{Path.GetFullPath(directory)}'.");
        }

        var rows = new List<LabelledSentence>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var source = name[..name.IndexOf(".txt", StringComparison.Ordinal)];
            var lineNumber = 0;
            foreach (var line in ReadLines(file))
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var parts = line.Split('\t');
                rows.Add(name.StartsWith("vader_", StringComparison.Ordinal) ? FromVader(parts, source, file, lineNumber) : FromUci(parts, source, file, lineNumber));
            }
        }

        return rows;
    }

    /// <summary>SHA-256 over the training files' bytes, in name order: the data the model was trained on.</summary>
    public static string Hash(string directory)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(directory, "*.txt.gz").Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static SentimentClass FromRating(double meanRating) =>
        meanRating >= NeutralBand ? SentimentClass.Positive : meanRating <= -NeutralBand ? SentimentClass.Negative : SentimentClass.Neutral;

    private static LabelledSentence FromVader(string[] parts, string source, string file, int line)
    {
        if (parts.Length < 3 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating))
        {
            throw new InvalidDataException($"{file}, line {line}: expected id<TAB>mean rating<TAB>text.");
        }

        return new LabelledSentence(string.Join('\t', parts.Skip(2)), FromRating(rating), source);
    }

    private static LabelledSentence FromUci(string[] parts, string source, string file, int line)
    {
        var label = parts.Length >= 2 ? parts[^1].Trim() : string.Empty;
        return label switch
        {
            "0" => new LabelledSentence(string.Join('\t', parts[..^1]).Trim(), SentimentClass.Negative, source),
            "1" => new LabelledSentence(string.Join('\t', parts[..^1]).Trim(), SentimentClass.Positive, source),
            _ => throw new InvalidDataException($"{file}, line {line}: expected sentence<TAB>0|1."),
        };
    }

    /// <summary>Lines split on LF and CRLF only (the IMDb file has U+0085 inside sentences).</summary>
    private static IEnumerable<string> ReadLines(string file)
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
