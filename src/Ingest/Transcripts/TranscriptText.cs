using System.Text;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Transcripts;

/// <summary>Reads a whole (small) transcript file as strict UTF-8, with a size limit.</summary>
internal static class TranscriptText
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadAllAsync(string path, Stream content, int maxLength, CancellationToken cancellationToken)
    {
        if (content.CanSeek && content.Length - content.Position > maxLength)
        {
            throw new UnreadableSourceException(path, $"larger than {maxLength / 1024 / 1024} MB: one file is one call, and this is too long to be one.");
        }

        using var reader = new StreamReader(content, StrictUtf8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        try
        {
            return (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UnreadableSourceException(path, "not valid UTF-8 text; convert the transcript to UTF-8.", ex);
        }
    }
}
