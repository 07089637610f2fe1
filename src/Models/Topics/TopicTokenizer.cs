namespace Pipeline.Models.Topics;

/// <summary>
/// The words of a text for topic modelling, before stop words: <see cref="TopicText.Clean"/> (masks, amounts and
/// every character that is not a letter become word breaks), then lower case (invariant culture), as ML.NET's
/// <c>NormalizeText</c> and <c>TokenizeIntoWords</c> make them in <see cref="TopicText"/>'s reference pipeline.
/// Works on a reused buffer: no allocation per text.
/// </summary>
public sealed class TopicTokenizer
{
    private char[] _buffer = new char[1024];
    private int[] _starts = new int[128];
    private int[] _lengths = new int[128];

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int word] => _buffer.AsSpan(_starts[word], _lengths[word]);

    public void Tokenize(string? text)
    {
        Count = 0;
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (_buffer.Length < text.Length)
        {
            _buffer = new char[Math.Max(text.Length, _buffer.Length * 2)];
        }

        var length = 0;
        var start = 0;
        var at = 0;
        foreach (var mask in TopicText.MaskMatches(text))
        {
            Letters(text.AsSpan(at, mask.Index - at), ref length, ref start);
            End(start, length);
            start = length;
            at = mask.Index + mask.Length;
        }

        Letters(text.AsSpan(at), ref length, ref start);
        End(start, length);
    }

    private void Letters(ReadOnlySpan<char> span, ref int length, ref int start)
    {
        foreach (var c in span)
        {
            if (char.IsLetter(c))
            {
                _buffer[length++] = char.ToLowerInvariant(c);
            }
            else
            {
                End(start, length);
                start = length;
            }
        }
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
