using System.Text;

namespace Pipeline.Ingest.Transcripts;

/// <summary>
/// Lines of at most <paramref name="maxChars"/> characters. A longer line is passed over to its end without being held,
/// so memory stays bounded whatever one line holds (a 1 GB line costs a 64 KB buffer and the line's first characters).
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    /// <summary>How much of an overlong line is kept, to show in the quarantine.</summary>
    private const int KeptOfTooLong = 1024;

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _at;
    private int _end;

    /// <returns>
    /// The next line without its end of line, or <c>null</c> at the end of the input; <c>TooLong</c> when it was longer
    /// than the limit (the line is then its first characters).
    /// </returns>
    public async ValueTask<(string? Line, bool TooLong)> ReadAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_at == _end)
            {
                _end = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _at = 0;
                if (_end == 0)
                {
                    return any ? (Finish(), tooLong) : (null, false);
                }
            }

            any = true;
            var span = _buffer.AsSpan(_at, _end - _at);
            var newline = span.IndexOf('\n');
            var piece = newline < 0 ? span : span[..newline];
            if (!tooLong && _line.Length + piece.Length > maxChars)
            {
                tooLong = true;
                _line.Length = Math.Min(_line.Length, KeptOfTooLong);
                _line.Append(piece[..Math.Min(piece.Length, KeptOfTooLong - _line.Length)]);
            }
            else if (!tooLong)
            {
                _line.Append(piece);
            }

            _at += newline < 0 ? span.Length : newline + 1;
            if (newline >= 0)
            {
                return (Finish(), tooLong);
            }
        }
    }

    private string Finish()
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        return _line.ToString();
    }
}
