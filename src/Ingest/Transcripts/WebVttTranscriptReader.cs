using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Transcripts;

/// <summary>
/// Where a WebVTT call transcript becomes a record. Speakers come from voice tags (<c>&lt;v Agent&gt;</c>,
/// <c>&lt;v.loud Customer&gt;</c>), mapped through the configured labels; other voices are kept as "other".
/// Call metadata sits in a NOTE block of <c>Key: value</c> lines (Date is required).
/// </summary>
public sealed partial class WebVttTranscriptReader(TranscriptOptions options) : IInteractionReader
{
    public Channel Channel => Channel.Call;

    public async IAsyncEnumerable<ReadOutcome> ReadAsync(string path, Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = await TranscriptText.ReadAllAsync(path, content, PlainTranscriptReader.MaxLength, cancellationToken).ConfigureAwait(false);
        if (!text.TrimStart('\uFEFF').StartsWith("WEBVTT", StringComparison.Ordinal))
        {
            throw new UnreadableSourceException(path, "not a WebVTT file: the first line must be WEBVTT.");
        }

        var location = new SourceLocation(path, "call");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var turns = new List<Turn>();
        var voices = 0;

        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lines = block.Split('\n');
            if (lines[0].StartsWith("NOTE", StringComparison.Ordinal))
            {
                foreach (var line in lines.Skip(1).Prepend(lines[0][4..]))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                }

                continue;
            }

            var timing = Array.FindIndex(lines, l => l.Contains("-->", StringComparison.Ordinal));
            if (timing < 0)
            {
                continue;
            }

            var start = ParseTimestamp(lines[timing].Split("-->")[0].Trim());
            var payload = string.Join(' ', lines.Skip(timing + 1));
            var voice = Voice().Match(payload);
            var speaker = Speaker.Other;
            if (voice.Success)
            {
                voices++;
                speaker = options.RoleOf(voice.Groups["name"].Value) ?? Speaker.Other;
            }

            var spoken = Tags().Replace(payload, string.Empty).Trim();
            if (spoken.Length > 0)
            {
                turns.Add(new Turn(speaker, System.Net.WebUtility.HtmlDecode(spoken), start));
            }
        }

        if (voices == 0)
        {
            yield return TranscriptRecord.Reject(location, "no speaker labels: cues carry no voice tags such as <v Agent> or <v Customer>", text);
            yield break;
        }

        var date = TranscriptRecord.Find(headers, TranscriptRecord.DateKeys);
        if (date is null || !TranscriptRecord.TryParseDate(date, out var receivedAt))
        {
            yield return TranscriptRecord.Reject(location, date is null
                ? "no 'Date:' line in a NOTE block: the call time is required"
                : $"'Date: {date}' is not a date and time (use ISO 8601)", text);
            yield break;
        }

        var id = TranscriptRecord.Find(headers, TranscriptRecord.IdKeys);
        var sourceKey = id is not null ? "call-id:" + id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        yield return new ReadOutcome.Accepted(TranscriptRecord.Build(
            sourceKey, receivedAt, turns, TranscriptRecord.IdentifiersFrom(headers), TranscriptRecord.Find(headers, TranscriptRecord.TicketKeys),
            location, TranscriptRecord.MetadataFrom(headers, "webvtt")));
    }

    private static TimeSpan? ParseTimestamp(string text)
    {
        string[] formats = [@"hh\:mm\:ss\.fff", @"mm\:ss\.fff", @"h\:mm\:ss\.fff"];
        return TimeSpan.TryParseExact(text, formats, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex(@"<v(?:\.[\w.-]+)?\s+(?<name>[^>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex Voice();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();
}
