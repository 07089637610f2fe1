namespace Pipeline.Core;

/// <summary>
/// The canonical record: one customer interaction, whatever channel it came through.
/// Everything in it is already redacted; identifiers such as e-mail addresses and phone
/// numbers only ever appear as the keyed <see cref="CustomerKey"/>.
/// </summary>
/// <param name="Id">Stable id derived from the channel and the source's own key (Complaint ID, Message-ID, call id),
/// so re-ingesting the same source yields the same id.</param>
/// <param name="ReceivedAt">When it reached us, with the source's original offset kept (use <c>UtcDateTime</c> for UTC).</param>
/// <param name="Text">What the customer wrote or said, redacted; <c>null</c> when the source had no text
/// (CFPB rows without a narrative still count in volumes).</param>
/// <param name="CustomerKey">Keyed hash (HMAC) that links one customer across channels; <c>null</c> when the source names nobody.
/// The store may replace it with the key an identifier of this record was already linked to.</param>
/// <param name="CustomerIdentifiers">Keyed hashes of every identifier the source named ("email:…", "phone:…"), strongest first.</param>
/// <param name="TicketId">The helpdesk ticket this interaction belongs to, when the source says.</param>
/// <param name="Language">BCP-47 primary language tag ("en", "ru"), or "und" when there is no text to tell.</param>
/// <param name="Metadata">The untouched source fields (redacted, identifiers removed), for analysts.</param>
/// <param name="Turns">Speaker turns of a call, customer and agent apart; empty for other channels.</param>
public sealed record Interaction(
    string Id,
    Channel Channel,
    DateTimeOffset ReceivedAt,
    string? Text,
    string? Subject,
    string? Product,
    string? Issue,
    string? Company,
    string? CustomerKey,
    IReadOnlyList<string> CustomerIdentifiers,
    string? TicketId,
    string Language,
    SourceLocation Source,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<Turn> Turns)
{
    public bool HasText => !string.IsNullOrWhiteSpace(Text);
}
