namespace Pipeline.Tests.Support;

/// <summary>
/// A read-only, seekable stream of <c>head</c>, then <paramref name="length"/> bytes of one repeated byte, then
/// <c>tail</c>, made as it is read: a 1 GB input without 1 GB anywhere.
/// </summary>
public sealed class OneLongLineStream(byte[] head, long length, byte filler, byte[] tail) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => head.Length + length + tail.Length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && Position < Length)
        {
            var target = buffer[written..];
            int n;
            if (Position < head.Length)
            {
                n = Math.Min(target.Length, head.Length - (int)Position);
                head.AsSpan((int)Position, n).CopyTo(target);
            }
            else if (Position < head.Length + length)
            {
                n = (int)Math.Min(target.Length, head.Length + length - Position);
                target[..n].Fill(filler);
            }
            else
            {
                var at = (int)(Position - head.Length - length);
                n = Math.Min(target.Length, tail.Length - at);
                tail.AsSpan(at, n).CopyTo(target);
            }

            Position += n;
            written += n;
        }

        return written;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
