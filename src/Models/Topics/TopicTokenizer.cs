using Pipeline.Models.Text;

namespace Pipeline.Models.Topics;

/// <summary>
/// The words of a text for topic modelling, before stop words: <see cref="TopicText.Clean"/> (masks, amounts and
/// every character that is not a letter become word breaks), then lower case (invariant culture), as ML.NET's
/// <c>NormalizeText</c> and <c>TokenizeIntoWords</c> make them in <see cref="TopicText"/>'s reference pipeline.
/// Works on a reused buffer: no allocation per text.
/// </summary>
public sealed class TopicTokenizer
{
    private readonly WordBuffer _words = new();

    public int Count => _words.Count;

    public ReadOnlySpan<char> this[int word] => _words[word];

    public void Tokenize(string? text)
    {
        text ??= string.Empty;
        _words.Reset(text.Length);
        var at = 0;
        foreach (var mask in TopicText.MaskMatches(text))
        {
            Letters(text.AsSpan(at, mask.Index - at));
            _words.Break();
            at = mask.Index + mask.Length;
        }

        Letters(text.AsSpan(at));
        _words.Break();
    }

    private void Letters(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (char.IsLetter(c))
            {
                _words.Append(char.ToLowerInvariant(c));
            }
            else
            {
                _words.Break();
            }
        }
    }
}
