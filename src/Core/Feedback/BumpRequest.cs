namespace Pipeline.Core.Feedback;

/// <summary>
/// A priority bump decided while scoring: written to the store's outbox in the same transaction as the score, then
/// delivered by the dispatcher. <see cref="TicketId"/> is <c>null</c> when the interaction names no ticket: it is
/// kept as "escalated, no ticket", never dropped. <see cref="IdempotencyKey"/> is the same for the same ticket, rule
/// version and rule, so a ticket is bumped at most once per rule version and reason.
/// </summary>
/// <param name="Terms">The words that fired ("furious", "lawyer"), for the audit trail and the ticket comment.</param>
public sealed record BumpRequest(
    string InteractionId,
    Channel Channel,
    string? TicketId,
    string Rule,
    string RuleVersion,
    TicketPriority Priority,
    string Reason,
    AngerLevel AngerLevel,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Terms,
    string IdempotencyKey,
    DateTimeOffset CreatedAt);
