namespace Pipeline.Models.Sentiment;

/// <summary>
/// Splits a long text into sentences at . ! ? followed by white space and more text, and at line breaks, in one
/// pass (what the regular expression <c>(?&lt;=[.!?])\s+(?=\S)|\n+</c> splits at), so a long complaint is scored
/// sentence by sentence; pieces without a letter are left out. A short text (up to <see cref="ShortTextWords"/> words, a message or a snippet) stays whole:
/// the model was trained on such units.
/// </summary>
public static class SentenceSplitter
{
    public const int ShortTextWords = 60;

    /// <summary>At most this many sentences of one text are scored (the rest are rare, very long narratives).</summary>
    public const int MaxSentences = 200;

    public static IReadOnlyList<string> Split(string? text)
    {
        var ranges = new List<(int Start, int Length)>();
        SplitRanges(text, ranges);
        var sentences = new string[ranges.Count];
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = text!.Substring(ranges[i].Start, ranges[i].Length);
        }

        return sentences;
    }

    /// <summary>The sentences of <see cref="Split"/> as (start, length) in <paramref name="text"/>, into <paramref name="ranges"/> (cleared first): no string per sentence.</summary>
    public static void SplitRanges(string? text, List<(int Start, int Length)> ranges)
    {
        ranges.Clear();
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (!HasMoreWordsThan(text, ShortTextWords))
        {
            ranges.Add(Trimmed(text, 0, text.Length));
            return;
        }

        var start = 0;
        for (var at = 0; at < text.Length && ranges.Count < MaxSentences; at++)
        {
            var c = text[at];
            if (c == '\n')
            {
                Add(ranges, text, start, at);
                start = at + 1;
            }
            else if (at > 0 && char.IsWhiteSpace(c) && text[at - 1] is '.' or '!' or '?')
            {
                // Sentence-final punctuation, then white space, then more text: the next sentence starts there.
                var end = at;
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                if (end < text.Length)
                {
                    Add(ranges, text, start, at);
                    start = end;
                    at = end - 1;
                }
            }
        }

        if (ranges.Count < MaxSentences)
        {
            Add(ranges, text, start, text.Length);
        }

        if (ranges.Count == 0)
        {
            ranges.Add(Trimmed(text, 0, text.Length));
        }
    }

    /// <summary>The text from <paramref name="start"/> to <paramref name="end"/>, trimmed, when it has a letter.</summary>
    private static void Add(List<(int Start, int Length)> ranges, string text, int start, int end)
    {
        var sentence = Trimmed(text, start, end);
        if (HasLetter(text.AsSpan(sentence.Start, sentence.Length)))
        {
            ranges.Add(sentence);
        }
    }

    private static (int Start, int Length) Trimmed(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end - start);
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

}
