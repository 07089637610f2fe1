using Pipeline.Core;
using Pipeline.Core.Feedback;
using Pipeline.Core.Storage;

namespace Pipeline.Reports.Export;

/// <summary>One column of an export: its name and how its value is read from a row. Every format writes the same columns.</summary>
public abstract record ExportColumn(string Name, string Description);

public sealed record TextColumn(string Name, string Description, Func<ScoredInteraction, string?> Value) : ExportColumn(Name, Description);

public sealed record IntegerColumn(string Name, string Description, Func<ScoredInteraction, int?> Value) : ExportColumn(Name, Description);

public sealed record NumberColumn(string Name, string Description, Func<ScoredInteraction, double?> Value) : ExportColumn(Name, Description);

/// <summary>An instant, written in UTC (Parquet: a UTC timestamp; CSV and JSON lines: ISO 8601 ending in Z).</summary>
public sealed record TimeColumn(string Name, string Description, Func<ScoredInteraction, DateTimeOffset?> Value) : ExportColumn(Name, Description);

/// <summary>A list of words: a JSON array in JSON lines, comma-separated text in CSV and Parquet.</summary>
public sealed record ListColumn(string Name, string Description, Func<ScoredInteraction, IReadOnlyList<string>> Value) : ExportColumn(Name, Description);

/// <summary>The export's schema (the README's table is this list).</summary>
public static class ExportColumns
{
    public static readonly IReadOnlyList<ExportColumn> All =
    [
        new TextColumn("id", "the interaction's stable id", r => r.Id),
        new TextColumn("channel", "complaint, email or call", r => r.Channel.ToName()),
        new TimeColumn("received_at", "when it was received (UTC)", r => r.ReceivedAt),
        new IntegerColumn("received_offset_minutes", "the source's UTC offset at that time, in minutes", r => (int)r.ReceivedAt.Offset.TotalMinutes),
        new TextColumn("language", "the detected language", r => r.Language),
        new TextColumn("product", "the product (complaints)", r => r.Product),
        new TextColumn("issue", "the issue (complaints)", r => r.Issue),
        new TextColumn("company", "the company (complaints)", r => r.Company),
        new TextColumn("customer_key", "the keyed hash that links one customer's interactions", r => r.CustomerKey),
        new TextColumn("ticket_id", "the helpdesk ticket, when the source names one", r => r.TicketId),
        new TextColumn("subject", "the e-mail's subject (redacted)", r => r.Subject),
        new TextColumn("text", "the text (redacted)", r => r.Text),
        new TextColumn("source_path", "the file it was read from", r => r.SourcePath),
        new TextColumn("source_locator", "where in that file (row, message, call id)", r => r.SourceLocator),
        new TextColumn("version_key", "the models that scored it; empty when not scored yet", r => r.VersionKey),
        new TimeColumn("scored_at", "when it was scored (UTC)", r => r.ScoredAt),
        new TextColumn("sentiment", "negative, neutral or positive", r => r.Sentiment?.ToName()),
        new NumberColumn("sentiment_score", "positive minus negative probability, -1…1", r => r.SentimentScore),
        new NumberColumn("p_negative", "probability of negative", r => r.Negative),
        new NumberColumn("p_neutral", "probability of neutral", r => r.Neutral),
        new NumberColumn("p_positive", "probability of positive", r => r.Positive),
        new IntegerColumn("topic_id", "the dominant topic's stable id", r => r.TopicId),
        new TextColumn("topic_label", "the dominant topic's label", r => r.TopicLabel),
        new NumberColumn("topic_weight", "the dominant topic's share of the text", r => r.TopicWeight),
        new TextColumn("anger_level", "none, watch, high or critical", r => r.AngerLevel?.ToName()),
        new NumberColumn("anger_score", "the anger engine's score", r => r.AngerScore),
        new ListColumn("anger_categories", "the categories of the terms found (anger, threat, legal, …)", r => r.AngerCategories),
        new TextColumn("anger_explanation", "the rules and terms behind the level", r => r.AngerExplanation),
        new IntegerColumn("recent_contacts", "the customer's other contacts in the repeat window", r => r.RecentContacts),
        new TextColumn("bump_status", "the latest priority bump: pending, sent, dead or no_ticket; empty when none", r => r.BumpStatus?.ToName()),
        new TextColumn("bump_priority", "the priority that bump asks for", r => r.BumpPriority?.ToName()),
    ];
}
