namespace Pipeline.Ingest;

/// <summary>Looks at the first bytes of a file to refuse what no reader can read, with a reason a person understands.</summary>
public static class SourceSniffer
{
    private const int SampleSize = 8192;

    /// <summary>Returns why the file cannot be an input (binary, compressed, UTF-16), or <c>null</c> when it looks like text.</summary>
    public static string? WhyNotText(Stream content)
    {
        var start = content.Position;
        Span<byte> sample = stackalloc byte[SampleSize];
        var read = content.ReadAtLeast(sample, SampleSize, throwOnEndOfStream: false);
        content.Position = start;
        sample = sample[..read];

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
