using System.Globalization;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The VADER sentiment lexicon (Hutto &amp; Gilbert, ICWSM 2014; MIT): 7,520 tokens with their mean human
/// valence from -4 to +4, read from <c>data/lexicons/vader_lexicon.txt</c> (token TAB valence TAB …).
/// </summary>
public sealed class VaderLexicon
{
    private readonly Dictionary<string, double> _valence;

    private readonly Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _spans;

    private VaderLexicon(Dictionary<string, double> valence)
    {
        _valence = valence;
        _spans = valence.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _valence.Count;

    /// <summary>Every token with its valence.</summary>
    public IEnumerable<KeyValuePair<string, double>> Entries => _valence;

    public bool TryGetValence(string lowerToken, out double valence) => _valence.TryGetValue(lowerToken, out valence);

    public bool Contains(string lowerToken) => _valence.ContainsKey(lowerToken);

    public bool TryGetValence(ReadOnlySpan<char> lowerToken, out double valence) => _spans.TryGetValue(lowerToken, out valence);

    public bool Contains(ReadOnlySpan<char> lowerToken) => _spans.ContainsKey(lowerToken);

    public static VaderLexicon Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"VADER lexicon '{Path.GetFullPath(path)}' does not exist.");
        }

        var valence = new Dictionary<string, double>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"VADER lexicon {path}, line {lineNumber}: expected token<TAB>valence.");
            }

            // As in the reference implementation, a token listed twice keeps its last valence.
            valence[parts[0]] = value;
        }

        return new VaderLexicon(valence);
    }
}
