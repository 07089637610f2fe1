namespace Pipeline.Core.Scoring;

/// <summary>
/// What the models said about one interaction, and which versions of them said it.
/// <see cref="VersionKey"/> joins the model versions; an interaction is scored again when it changes.
/// </summary>
public sealed record InteractionScore(
    string InteractionId,
    string VersionKey,
    string SentimentClass,
    double SentimentScore,
    double Negative,
    double Neutral,
    double Positive,
    string AngerLevel,
    double AngerScore,
    IReadOnlyList<string> AngerCategories,
    string AngerExplanation,
    int RecentContacts,
    DateTimeOffset ScoredAt);
