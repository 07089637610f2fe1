namespace Pipeline.Models.Text;

/// <summary>
/// The words of one text as spans of a reused character buffer, built a character at a time by a tokenizer
/// (<see cref="Append"/>, <see cref="Break"/>): no allocation per text once the buffers have grown.
/// </summary>
public sealed class WordBuffer
{
    private char[] _chars = new char[1024];
    private int[] _starts = new int[128];
    private int[] _lengths = new int[128];
    private int _length;
    private int _start;

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int word] => _chars.AsSpan(_starts[word], _lengths[word]);

    /// <summary>Starts a text of at most <paramref name="capacity"/> characters.</summary>
    public void Reset(int capacity)
    {
        if (_chars.Length < capacity)
        {
            _chars = new char[Math.Max(capacity, _chars.Length * 2)];
        }

        Count = 0;
        _length = 0;
        _start = 0;
    }

    public void Append(char c) => _chars[_length++] = c;

    /// <summary>The room after the word being built, for a tokenizer that writes a word's characters at once (then <see cref="Advance"/>).</summary>
    public Span<char> Free => _chars.AsSpan(_length);

    /// <summary>Adds the <paramref name="written"/> characters just written into <see cref="Free"/> to the word being built.</summary>
    public void Advance(int written) => _length += written;

    /// <summary>Ends the word being built, if it has a character.</summary>
    public void Break()
    {
        if (_length == _start)
        {
            return;
        }

        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }

        _starts[Count] = _start;
        _lengths[Count] = _length - _start;
        Count++;
        _start = _length;
    }
}
