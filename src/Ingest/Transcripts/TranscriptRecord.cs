using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Transcripts;

/// <summary>
/// What the three transcript readers share: header keys they understand and how a list of turns
/// becomes a record (the text is the customer's words only; agent turns stay in <see cref="SourceRecord.Turns"/>).
/// </summary>
internal static partial class TranscriptRecord
{
    /// <summary>Header keys (plain-text header block, WebVTT NOTE block) with a meaning of their own.</summary>
    public static readonly string[] DateKeys = ["Date", "Start", "Started", "Received"];
    public static readonly string[] IdKeys = ["Call-ID", "Call-Id", "CallId", "ID"];
    public static readonly string[] TicketKeys = ["Ticket", "Ticket-ID", "Ticket-Id"];

    public static string? Find(IReadOnlyDictionary<string, string> headers, string[] keys)
    {
        foreach (var key in keys)
        {
            foreach (var (k, v) in headers)
            {
                if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(v))
                {
                    return v.Trim();
                }
            }
        }

        return null;
    }

    public static bool TryParseDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);

    private static readonly (string Kind, string[] Keys)[] IdentifierKeys =
    [
        ("customer-id", ["Customer-ID", "CustomerId"]),
        ("email", ["Email", "E-mail"]),
        ("phone", ["Phone", "Caller-ID", "ANI"]),
    ];

    /// <summary>The customer identifiers a header block names (strongest first).</summary>
    public static List<CustomerIdentifier> IdentifiersFrom(IReadOnlyDictionary<string, string> headers)
    {
        var identifiers = new List<CustomerIdentifier>();
        foreach (var (kind, keys) in IdentifierKeys)
        {
            if (Find(headers, keys) is { } value)
            {
                identifiers.Add(new CustomerIdentifier(kind, value));
            }
        }

        return identifiers;
    }

    /// <summary>The header block as metadata, without the identifier lines (those are only ever hashed).</summary>
    public static Dictionary<string, string> MetadataFrom(IReadOnlyDictionary<string, string> headers, string format)
    {
        var metadata = headers
            .Where(h => !IdentifierKeys.Any(i => i.Keys.Contains(h.Key, StringComparer.OrdinalIgnoreCase)))
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        metadata["Format"] = format;
        return metadata;
    }

    /// <summary>Removes transcriber annotations such as [noise], [laughter] and &lt;unk&gt; from spoken text.</summary>
    public static string CleanSpoken(string text) => Spaces().Replace(Annotations().Replace(text, " "), " ").Trim();

    public static SourceRecord Build(
        string sourceKey,
        DateTimeOffset receivedAt,
        IReadOnlyList<Turn> turns,
        IReadOnlyList<CustomerIdentifier> identifiers,
        string? ticketId,
        SourceLocation location,
        Dictionary<string, string> metadata)
    {
        var customerWords = string.Join('\n', turns.Where(t => t.Speaker == Speaker.Customer).Select(t => CleanSpoken(t.Text)).Where(t => t.Length > 0));
        metadata["Turns"] = turns.Count.ToString(CultureInfo.InvariantCulture);
        metadata["Customer-Turns"] = turns.Count(t => t.Speaker == Speaker.Customer).ToString(CultureInfo.InvariantCulture);
        metadata["Agent-Turns"] = turns.Count(t => t.Speaker == Speaker.Agent).ToString(CultureInfo.InvariantCulture);
        return new SourceRecord(
            Channel.Call,
            sourceKey,
            receivedAt,
            Text: customerWords.Length == 0 ? null : customerWords,
            Subject: null,
            Product: null,
            Issue: null,
            Company: null,
            CustomerIdentifiers: identifiers,
            TicketId: ticketId,
            Source: location,
            Metadata: metadata,
            Turns: turns);
    }

    public static ReadOutcome Reject(SourceLocation location, string reason, string raw) =>
        new ReadOutcome.Rejected(new QuarantinedItem(location, reason, raw.Length <= QuarantinedItem.MaxRawLength ? raw : raw[..QuarantinedItem.MaxRawLength]));

    [GeneratedRegex(@"\[[a-z_ -]{1,20}\]|<unk>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Annotations();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
