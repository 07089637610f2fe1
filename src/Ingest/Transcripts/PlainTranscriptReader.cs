using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Transcripts;

/// <summary>
/// Where a plain-text call transcript becomes a record. Layout: an optional header block of
/// <c>Key: value</c> lines (Date is required; Call-ID, Ticket, Phone, Email, Customer-ID are understood),
/// then speaker lines such as <c>Agent: …</c> and <c>Customer: …</c> (labels from configuration).
/// A line without a known label continues the turn above it.
/// </summary>
public sealed class PlainTranscriptReader(TranscriptOptions options) : IInteractionReader
{
    /// <summary>One file is one call; a transcript longer than this is not a transcript.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    public Channel Channel => Channel.Call;

    public async IAsyncEnumerable<ReadOutcome> ReadAsync(string path, Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = await TranscriptText.ReadAllAsync(path, content, MaxLength, cancellationToken).ConfigureAwait(false);
        var location = new SourceLocation(path, "call");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var turns = new List<Turn>();
        Speaker? current = null;
        var currentText = new StringBuilder();

        void Flush()
        {
            if (current is { } speaker && currentText.Length > 0)
            {
                turns.Add(new Turn(speaker, currentText.ToString().Trim()));
            }

            currentText.Clear();
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            // "Agent: …", or with the full-width colon of Chinese text ("客服：…").
            var colon = line.AsSpan().IndexOfAny(':', '\uFF1A');
            var label = colon > 0 ? line[..colon] : null;
            var role = label is null ? null : options.RoleOf(label);

            if (role is { } speaker)
            {
                Flush();
                current = speaker;
                currentText.Append(line[(colon + 1)..].Trim());
            }
            else if (current is null)
            {
                if (label is not null && label.Length <= 40 && !label.Contains(' ', StringComparison.Ordinal))
                {
                    headers[label.Trim()] = line[(colon + 1)..].Trim();
                }
            }
            else if (line.Trim().Length > 0)
            {
                currentText.Append(' ').Append(line.Trim());
            }
        }

        Flush();

        if (turns.Count == 0)
        {
            yield return TranscriptRecord.Reject(location, $"no speaker labels: expected lines starting with {string.Join(" or ", options.AgentLabels.Take(1).Concat(options.CustomerLabels.Take(1)).Select(l => l + ":"))}", text);
            yield break;
        }

        var date = TranscriptRecord.Find(headers, TranscriptRecord.DateKeys);
        if (date is null)
        {
            yield return TranscriptRecord.Reject(location, "no 'Date:' header line: the call time is required (e.g. Date: 2019-10-02T14:05:00-04:00)", text);
            yield break;
        }

        if (!TranscriptRecord.TryParseDate(date, out var receivedAt))
        {
            yield return TranscriptRecord.Reject(location, $"'Date: {date}' is not a date and time (use ISO 8601, e.g. 2019-10-02T14:05:00-04:00)", text);
            yield break;
        }

        var id = TranscriptRecord.Find(headers, TranscriptRecord.IdKeys);
        var sourceKey = id is not null ? "call-id:" + id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var metadata = TranscriptRecord.MetadataFrom(headers, "text");
        yield return new ReadOutcome.Accepted(TranscriptRecord.Build(
            sourceKey, receivedAt, turns, TranscriptRecord.IdentifiersFrom(headers), TranscriptRecord.Find(headers, TranscriptRecord.TicketKeys), location, metadata));
    }
}
