using System.Text.RegularExpressions;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// Splits a long text into sentences at . ! ? and line breaks, so a long complaint is scored sentence by
/// sentence. A short text (up to <see cref="ShortTextWords"/> words, a message or a snippet) stays whole:
/// the model was trained on such units.
/// </summary>
public static partial class SentenceSplitter
{
    public const int ShortTextWords = 60;

    /// <summary>At most this many sentences of one text are scored (the rest are rare, very long narratives).</summary>
    public const int MaxSentences = 200;

    public static IReadOnlyList<string> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (!HasMoreWordsThan(text, ShortTextWords))
        {
            return [text.Trim()];
        }

        var sentences = new List<string>();
        foreach (var piece in Boundary().EnumerateSplits(text))
        {
            var sentence = text.AsSpan(piece).Trim();
            if (HasLetter(sentence))
            {
                sentences.Add(sentence.ToString());
                if (sentences.Count == MaxSentences)
                {
                    break;
                }
            }
        }

        return sentences.Count > 0 ? sentences : [text.Trim()];
    }

    /// <summary>Whether the text has more than <paramref name="limit"/> whitespace-separated words (counting stops there).</summary>
    private static bool HasMoreWordsThan(string text, int limit)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord && ++words > limit)
            {
                return true;
            }

            inWord = !space;
        }

        return false;
    }

    private static bool HasLetter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    // After sentence-final punctuation (kept with its sentence) followed by space, or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=\S)|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
