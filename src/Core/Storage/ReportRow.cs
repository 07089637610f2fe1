namespace Pipeline.Core.Storage;

/// <summary>
/// What a weekly report needs of one interaction: when, through which channel, about what, and its current
/// scores (<c>null</c> when it has not been scored yet). <see cref="TopicWeight"/> is the dominant topic's share of the
/// text, so the most typical interactions of a topic can be shown; <see cref="BumpsSent"/> counts the priority bumps delivered for it;
/// <see cref="Language"/> is the stored language (<see cref="Languages"/>).
/// </summary>
public sealed record ReportRow(
    string Id,
    Channel Channel,
    DateTimeOffset ReceivedAt,
    string? Product,
    string? Issue,
    string? Company,
    bool HasText,
    SentimentClass? SentimentClass,
    double? SentimentScore,
    AngerLevel? AngerLevel,
    int? TopicId,
    double? TopicWeight,
    int? RecentContacts,
    int BumpsSent = 0,
    string Language = Languages.English);
