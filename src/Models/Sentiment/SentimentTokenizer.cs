namespace Pipeline.Models.Sentiment;

/// <summary>
/// The words of a sentence as the trained pipeline's text featuriser makes them (ML.NET <c>FeaturizeText</c> with
/// lower case, diacritics kept, punctuation and numbers removed, words split at spaces): each punctuation mark and
/// each digit is dropped where it stands ("don't" is "dont", "3rd" is "rd"), every other character is lower-cased
/// (invariant culture), and a word ends only at a space (U+0020; a tab or line break stays inside a word, as there).
/// Works on a reused buffer: no allocation per sentence.
/// </summary>
public sealed class SentimentTokenizer
{
    private char[] _buffer = new char[256];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];

    /// <summary>The words of the last <see cref="Tokenize"/>.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int word] => _buffer.AsSpan(_starts[word], _lengths[word]);

    public void Tokenize(ReadOnlySpan<char> text)
    {
        if (_buffer.Length < text.Length)
        {
            _buffer = new char[Math.Max(text.Length, _buffer.Length * 2)];
        }

        Count = 0;
        var length = 0;
        var start = 0;
        foreach (var raw in text)
        {
            if (raw == ' ')
            {
                End(start, length);
                start = length;
                continue;
            }

            if (char.IsPunctuation(raw) || char.IsNumber(raw))
            {
                continue;
            }

            _buffer[length++] = char.ToLowerInvariant(raw);
        }

        End(start, length);
    }

    private void End(int start, int end)
    {
        if (end == start)
        {
            return;
        }

        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }

        _starts[Count] = start;
        _lengths[Count] = end - start;
        Count++;
    }
}
