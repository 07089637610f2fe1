using System.Text;
using Pipeline.Core.Ingest;
using UtfUnknown;

namespace Pipeline.Ingest.Transcripts;

/// <summary>
/// Reads a whole (small) transcript file, with a size limit: UTF-8 (or UTF-16/32 by its byte order mark), else the
/// character set Mozilla's detector (UTF.Unknown) tells with confidence, such as the windows-1251 and KOI8-R of
/// Russian call-centre exports or the GB18030 of Chinese ones. A file whose bytes no character set explains well is
/// unreadable with the reason, never decoded into replacement characters.
/// </summary>
internal static class TranscriptText
{
    /// <summary>Below this the detector's guess is not trusted (it names some character set for any bytes).</summary>
    private const float MinConfidence = 0.5f;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TranscriptText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<string> ReadAllAsync(string path, Stream content, int maxLength, CancellationToken cancellationToken)
    {
        if (content.CanSeek && content.Length - content.Position > maxLength)
        {
            throw new UnreadableSourceException(path, $"larger than {maxLength / 1024 / 1024} MB: one file is one call, and this is too long to be one.");
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > maxLength)
        {
            throw new UnreadableSourceException(path, $"larger than {maxLength / 1024 / 1024} MB: one file is one call, and this is too long to be one.");
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return Decode(path, bytes).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>The text of <paramref name="bytes"/> in the character set they are in.</summary>
    /// <exception cref="UnreadableSourceException">Not UTF-8, and no character set explains them with confidence.</exception>
    public static string Decode(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var unicode = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return unicode.GetString(bytes[2..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }

        var detected = CharsetDetector.DetectFromBytes(bytes).Detected;
        if (detected?.Encoding is not { } encoding || detected.Confidence < MinConfidence)
        {
            var guess = detected is null ? "" : $" (the best guess, {detected.EncodingName}, at {detected.Confidence:P0})";
            throw new UnreadableSourceException(path, $"not valid UTF-8, and no character set explains its bytes with confidence{guess}; convert the transcript to UTF-8.");
        }

        try
        {
            return Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UnreadableSourceException(path, $"not valid UTF-8, nor valid {detected.EncodingName} (the character set it looks like); convert the transcript to UTF-8.", ex);
        }
    }
}
