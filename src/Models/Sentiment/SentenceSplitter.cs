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

        if (text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= ShortTextWords)
        {
            return [text.Trim()];
        }

        var sentences = Boundary().Split(text).Select(s => s.Trim()).Where(s => s.Any(char.IsLetter)).Take(MaxSentences).ToList();
        return sentences.Count > 0 ? sentences : [text.Trim()];
    }

    // After sentence-final punctuation (kept with its sentence) followed by space, or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=\S)|\n+", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
