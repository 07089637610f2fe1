using Pipeline.Core;
using Pipeline.Core.Storage;
using Pipeline.Core.Time;
using Pipeline.Reports.Trends;

namespace Pipeline.Reports.Weekly;

/// <summary>One interaction behind a flagged segment, as the report shows it (the text as stored: redacted).</summary>
public sealed record SegmentInteraction(string Id, Channel Channel, DateTimeOffset ReceivedAt, SentimentClass? Sentiment, double? SentimentScore, AngerLevel? Anger, string Excerpt);

/// <summary>
/// The interactions of the reported week behind one flagged segment: how many there are, and the ones a lead reads first
/// (<see cref="Shown"/>, the angriest then the most negative); every id is in flagged-interactions.csv.
/// </summary>
public sealed record FlaggedSegment(Segment Segment, string Label, IReadOnlyList<SegmentInteraction> Shown, IReadOnlyList<ReportRow> All);

/// <summary>
/// Finds the interactions behind a report's flagged segments: one more pass over the reported week's rows (not its
/// baselines), and the texts of the few shown. The whole week (<see cref="Segment.All"/>) is not listed: `export --week`
/// gives it.
/// </summary>
public static class FlaggedInteractions
{
    /// <param name="rows">The reported week's rows (received in the week, in the report's time zone).</param>
    /// <param name="texts">Reads the stored (redacted) texts of interactions by id.</param>
    /// <param name="shown">Interactions shown per segment.</param>
    public static async Task<IReadOnlyList<FlaggedSegment>> FindAsync(
        WeeklyReport report,
        IAsyncEnumerable<ReportRow> rows,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, string>>> texts,
        int shown,
        int excerptCharacters,
        CancellationToken cancellationToken)
    {
        var segments = report.Flagged.Select(c => c.Segment).Where(s => s != Segment.All).Distinct()
            .OrderBy(s => s.Dimension, StringComparer.Ordinal).ThenBy(s => s.Value, StringComparer.Ordinal).ToList();
        if (segments.Count == 0)
        {
            return [];
        }

        var members = segments.ToDictionary(s => s, _ => new List<ReportRow>());
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // The segments the row counts in, as the weekly aggregates count it.
            var of = WeeklyAggregates.SegmentsOf(row);
            var topic = row.TopicId is { } id ? WeeklyAggregates.TopicSegment(id) : (Segment?)null;
            foreach (var segment in segments)
            {
                if (segment == topic || Array.IndexOf(of, segment) >= 0)
                {
                    members[segment].Add(row);
                }
            }
        }

        var first = segments.ToDictionary(s => s, s => members[s]
            .OrderByDescending(r => r.AngerLevel ?? AngerLevel.None)
            .ThenBy(r => r.SentimentScore ?? double.MaxValue)
            .ThenBy(r => r.ReceivedAt)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .Where(r => r.HasText)
            .Take(shown)
            .ToList());
        var found = await texts(first.Values.SelectMany(r => r).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
        return segments.Select(s => new FlaggedSegment(
            s,
            report.Describe(s),
            first[s].Select(r => new SegmentInteraction(r.Id, r.Channel, r.ReceivedAt, r.SentimentClass, r.SentimentScore, r.AngerLevel,
                ReportStage.Excerpt(found.TryGetValue(r.Id, out var text) ? text : "", excerptCharacters))).ToList(),
            members[s]))
            .ToList();
    }
}
