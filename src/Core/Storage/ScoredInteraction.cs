using Pipeline.Core.Feedback;

namespace Pipeline.Core.Storage;

/// <summary>
/// One row of the store's <c>interaction_scores</c> view: an interaction (its redacted text included), its current score
/// (every score field <c>null</c> when it has not been scored yet), its dominant topic's label as the store last heard
/// it, and its latest priority bump (<c>null</c> when none was asked for).
/// </summary>
public sealed record ScoredInteraction(
    string Id,
    Channel Channel,
    DateTimeOffset ReceivedAt,
    string Language,
    string? Product,
    string? Issue,
    string? Company,
    string? CustomerKey,
    string? TicketId,
    string? Subject,
    string? Text,
    string SourcePath,
    string SourceLocator,
    string? VersionKey,
    DateTimeOffset? ScoredAt,
    SentimentClass? Sentiment,
    double? SentimentScore,
    double? Negative,
    double? Neutral,
    double? Positive,
    int? TopicId,
    string? TopicLabel,
    double? TopicWeight,
    AngerLevel? AngerLevel,
    double? AngerScore,
    IReadOnlyList<string> AngerCategories,
    string? AngerExplanation,
    int? RecentContacts,
    BumpStatus? BumpStatus,
    TicketPriority? BumpPriority);
