namespace Pipeline.Ingest;

/// <summary>Looks at the first bytes of a file to refuse what no reader can read, with a reason a person understands.</summary>
public static class SourceSniffer
{
    private const int SampleSize = 8192;

    /// <summary>
    /// Returns why the file cannot be an input (binary, compressed, UTF-16), or <c>null</c> when it looks like text. A
    /// stream that can seek is left where it was; one that cannot (a decompressing one) has its first bytes read.
    /// </summary>
    public static string? WhyNotText(Stream content)
    {
        var seekable = content.CanSeek;
        var start = seekable ? content.Position : 0;
        Span<byte> sample = stackalloc byte[SampleSize];
        var read = content.ReadAtLeast(sample, SampleSize, throwOnEndOfStream: false);
        if (seekable)
        {
            content.Position = start;
        }

        return WhyNotText(sample[..read]);
    }

    /// <summary>The same, from the first bytes (up to 8 KB) of the content.</summary>
    public static string? WhyNotText(ReadOnlySpan<byte> sample)
    {

        if (sample.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return "gzip-compressed file; name it .gz (complaints.csv.gz) to have it read, or decompress it";
        }

        if (sample.StartsWith("PK\u0003\u0004"u8))
        {
            return "zip archive (name it .zip to have the files in it read) or an Office document (export it as CSV or text first)";
        }

        if (sample.StartsWith("%PDF"u8))
        {
            return "PDF document; export its text first";
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "UTF-16 text; convert it to UTF-8";
        }

        return sample.Contains((byte)0) ? "binary file (contains NUL bytes), not text" : null;
    }
}
