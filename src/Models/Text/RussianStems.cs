using Lucene.Net.Tartarus.Snowball.Ext;

namespace Pipeline.Models.Text;

/// <summary>
/// Russian words reduced to their Snowball stems (the Russian stemmer of Lucene.Net.Analysis.Common): lower case,
/// ё folded to е first ("жалобы", "жалобой" → "жалоб"). A word that is not all Cyrillic (a Latin name, a number) is
/// kept as it is, in lower case. Safe to call from several threads at once (each has its own stemmer).
/// </summary>
public static class RussianStems
{
    private static readonly ThreadLocal<RussianStemmer> Stemmers = new(() => new RussianStemmer());

    /// <summary>The stem of one word.</summary>
    public static string Stem(ReadOnlySpan<char> word)
    {
        Span<char> lower = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        var cyrillic = true;
        for (var i = 0; i < word.Length; i++)
        {
            var c = char.ToLowerInvariant(word[i]);
            lower[i] = c == 'ё' ? 'е' : c;
            cyrillic &= lower[i] is >= 'а' and <= 'я' or '-';
        }

        if (!cyrillic)
        {
            return new string(lower);
        }

        var stemmer = Stemmers.Value!;
        stemmer.SetCurrent(new string(lower));
        stemmer.Stem();
        return stemmer.Current;
    }

    /// <summary>Appends the stems of the words of <paramref name="text"/> (runs of letters and digits, a hyphen inside a word kept) to <paramref name="stems"/>.</summary>
    public static void Segment(ReadOnlySpan<char> text, List<string> stems)
    {
        var at = 0;
        while (at < text.Length)
        {
            while (at < text.Length && !char.IsLetterOrDigit(text[at]))
            {
                at++;
            }

            var start = at;
            while (at < text.Length && (char.IsLetterOrDigit(text[at]) || (text[at] == '-' && at + 1 < text.Length && char.IsLetter(text[at + 1]) && at > start)))
            {
                at++;
            }

            if (at > start)
            {
                stems.Add(Stem(text[start..at]));
            }
        }
    }

    /// <summary>The stems of <paramref name="text"/> (<see cref="Segment"/>) joined by single spaces.</summary>
    public static string Spaced(ReadOnlySpan<char> text)
    {
        var stems = new List<string>();
        Segment(text, stems);
        return string.Join(' ', stems);
    }
}
