using System.Security.Cryptography;
using System.Text;
using Pipeline.Core;
using Pipeline.Core.Ingest;
using Pipeline.Ingest.Privacy;

namespace Pipeline.Ingest;

/// <summary>
/// Where a reader's <see cref="SourceRecord"/> becomes the canonical <see cref="Interaction"/>:
/// the stable id is derived, personal data is redacted, identifiers are replaced by the customer key, NUL characters
/// go (<see cref="StoredText"/>) and the language is detected (<see cref="TextLanguage"/>) unless the source forces one.
/// Nothing raw gets past this point.
/// </summary>
public sealed class InteractionFactory(CustomerKeyHasher hasher)
{
    /// <summary>Message identifiers needed for thread linking; they are not personal data and are kept as they are.</summary>
    private static readonly IReadOnlySet<string> ExemptMetadata =
        new HashSet<string>(["Message-ID", "In-Reply-To", "References"], StringComparer.Ordinal);

    /// <param name="language">The language its source forces (Ingest:Sources:N:Language), or <c>null</c> to detect it.</param>
    public Interaction Create(SourceRecord record, string? language = null)
    {
        var text = Clean(PiiRedactor.Redact(record.Text));
        var identifiers = hasher.HashAll(record.CustomerIdentifiers);
        var turns = record.Turns.Count == 0
            ? record.Turns
            : record.Turns.Select(t => t with { Text = StoredText.WithoutNul(PiiRedactor.Redact(t.Text)) ?? string.Empty }).ToArray();

        return new Interaction(
            Id: StableId(record.Channel, record.SourceKey),
            Channel: record.Channel,
            ReceivedAt: record.ReceivedAt,
            Text: text,
            Subject: Clean(PiiRedactor.Redact(record.Subject)),
            Product: Clean(record.Product),
            Issue: Clean(record.Issue),
            Company: Clean(record.Company),
            CustomerKey: identifiers.Count == 0 ? null : CustomerKeyHasher.KeyOf(identifiers[0]),
            CustomerIdentifiers: identifiers,
            TicketId: Clean(record.TicketId),
            Language: language ?? TextLanguage.Detect(text),
            Source: StoredText.WithoutNul(record.Source),
            Metadata: PiiRedactor.RedactValues(StoredText.WithoutNul(record.Metadata), ExemptMetadata),
            Turns: turns);
    }

    /// <summary>"complaint-" + 24 hex digits of SHA-256 over the channel and the source's own key.</summary>
    public static string StableId(Channel channel, string sourceKey)
    {
        var name = channel.ToName();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name + "\n" + sourceKey));
        return name + "-" + Convert.ToHexStringLower(hash, 0, 12);
    }

    private static string? Clean(string? value) => StoredText.WithoutNul(value) is { } clean && !string.IsNullOrWhiteSpace(clean) ? clean.Trim() : null;
}
