namespace Pipeline.Core.Scoring;

/// <summary>
/// What the models said about one interaction, and which versions of them said it.
/// <see cref="VersionKey"/> joins the model versions; an interaction is scored again when it changes.
/// <see cref="TopicId"/> is the dominant topic's stable id (topics.json), <c>null</c> when the text has no word the topic model knows;
/// <see cref="TopicDistribution"/> gives every topic's share by id.
/// </summary>
public sealed record InteractionScore(
    string InteractionId,
    string VersionKey,
    SentimentClass SentimentClass,
    double SentimentScore,
    double Negative,
    double Neutral,
    double Positive,
    AngerLevel AngerLevel,
    double AngerScore,
    IReadOnlyList<string> AngerCategories,
    string AngerExplanation,
    int RecentContacts,
    int? TopicId,
    double? TopicWeight,
    IReadOnlyDictionary<int, double> TopicDistribution,
    DateTimeOffset ScoredAt);
