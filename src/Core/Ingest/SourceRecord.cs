namespace Pipeline.Core.Ingest;

/// <summary>
/// An item as a reader found it, before redaction and customer keying. Readers never hash or
/// redact; the ingest stage turns a <see cref="SourceRecord"/> into an <see cref="Interaction"/>.
/// </summary>
/// <param name="SourceKey">The source's own key for dedup (Complaint ID, Message-ID, call id).</param>
/// <param name="CustomerIdentifiers">Raw identifiers in order of strength ("email" → address, "phone" → number,
/// "customer-id" → id). They are hashed, never stored.</param>
public sealed record SourceRecord(
    Channel Channel,
    string SourceKey,
    DateTimeOffset ReceivedAt,
    string? Text,
    string? Subject,
    string? Product,
    string? Issue,
    string? Company,
    IReadOnlyList<CustomerIdentifier> CustomerIdentifiers,
    string? TicketId,
    SourceLocation Source,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<Turn> Turns);

/// <summary>A raw customer identifier such as an e-mail address; <see cref="Kind"/> is "email", "phone" or "customer-id".</summary>
public sealed record CustomerIdentifier(string Kind, string Value);
