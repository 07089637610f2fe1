using Pipeline.Core;
using Pipeline.Core.Time;
using Pipeline.Reports.Trends;

namespace Pipeline.Reports.Weekly;

/// <summary>
/// The five sentences a report opens with. Flagged changes come first (all interactions before segments, volumes
/// before anger and sentiment, the 4-week average before the previous week before the same week last year, then the
/// change that concerns most interactions; one per segment and figure), each with its numbers, its adjusted p-value and, for a
/// count that moved, the topic that moved it most. When fewer than five changes are flagged, plain facts of the week
/// fill the rest: new topics, the volume, sentiment, anger escalations, the same week last year, repeat contacts.
/// </summary>
public sealed class HeadlineWriter(WeeklyAggregates data)
{
    public const int Count = 5;

    /// <summary>The steadiest baseline first: four weeks smooth out one odd week; a year back may hold little data.</summary>
    private static readonly Baseline[] Preference = [Baseline.FourWeekAverage, Baseline.PreviousWeek, Baseline.SameWeekLastYear, Baseline.PreviousMonthToDate];

    /// <summary>What a support lead acts on first: volumes, then anger and sentiment; the share with text (a data matter) last.</summary>
    private static readonly Metric[] Priority =
        [Metric.Volume, Metric.Escalations, Metric.NegativeShare, Metric.MeanSentiment, Metric.EscalationRate, Metric.RepeatRate, Metric.BumpsSent, Metric.TextShare];

    public IReadOnlyList<string> Write(WeeklyReport report)
    {
        var sentences = new List<string>();
        var changes = report.Flagged
            .OrderBy(c => c.Metric == Metric.TextShare || c.Baseline == Baseline.PreviousMonthToDate ? 1 : 0)
            .ThenBy(c => c.Segment == Segment.All ? 0 : 1)
            .ThenBy(c => Array.IndexOf(Priority, c.Metric))
            .ThenBy(c => Array.IndexOf(Preference, c.Baseline))
            .ThenByDescending(c => Impact(report, c))
            .ThenBy(c => c.QValue)
            .DistinctBy(c => (c.Segment, c.Metric))
            .DistinctBy(c => (c.Metric, c.Baseline, c.Value, c.BaselineValue)) // "Complaints" that are all the interactions say nothing new
            .Take(Count);
        var mentionedTopics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            sentences.Add(Change(report, change));
            if (change.Segment.Dimension == "topic")
            {
                mentionedTopics.Add(change.Segment.Value);
            }
        }

        foreach (var fact in Facts(report, mentionedTopics))
        {
            if (sentences.Count >= Count)
            {
                break;
            }

            sentences.Add(fact);
        }

        return sentences;
    }

    /// <summary>How many interactions a change concerns: the difference for counts, the change times this week's size for shares and means.</summary>
    private static double Impact(WeeklyReport report, Comparison c)
    {
        if (c.Metric.Kind == MetricKind.Count)
        {
            return Math.Abs((c.Value ?? 0) - (c.BaselineValue ?? 0));
        }

        var week = report.Comparisons.First(x => x.Segment == c.Segment && x.Metric == Metric.Volume).Value ?? 0;
        return Math.Abs(c.Change ?? 0) * week;
    }

    private string Change(WeeklyReport report, Comparison c)
    {
        var p = Wording.P(c.QValue ?? c.PValue ?? 1);
        var up = c.Change > 0;
        switch (c.Metric.Kind)
        {
            case MetricKind.Count:
            {
                var subject = c.Metric == Metric.Volume
                    ? Wording.Contacts(report, c.Segment)
                    : (c.Metric == Metric.Escalations ? "Anger escalations (high or critical)" : "Priority bumps sent") + Wording.In(report, c.Segment);
                var driver = Driver(report, c);
                if (c.Change is { } change && double.IsPositiveInfinity(change))
                {
                    return $"{subject} appeared from nothing: {Wording.Value(c.Metric, c.Value)} this week, none in {Wording.BaselinePhrase(c)} (adjusted {p}){driver}.";
                }

                if (c.Change == -1)
                {
                    return $"{subject} dropped to none {Wording.Against(c)}, from {Wording.Value(c.Metric, c.BaselineValue, average: true)} (adjusted {p}){driver}.";
                }

                return $"{subject} {(up ? "rose" : "fell")} {Wording.Change(c).TrimStart('+', '−')} {Wording.Against(c)}: " +
                       $"{Wording.Value(c.Metric, c.Value)} against {Wording.Value(c.Metric, c.BaselineValue, average: true)} (adjusted {p}){driver}.";
            }

            case MetricKind.Rate:
                return $"The {c.Metric.Name}{Wording.In(report, c.Segment)} {(up ? "rose" : "fell")} from {Wording.Value(c.Metric, c.BaselineValue)} " +
                       $"to {Wording.Value(c.Metric, c.Value)} {Wording.Against(c)} ({Wording.Change(c)}; adjusted {p}).";
            default:
                return $"Mean sentiment{Wording.In(report, c.Segment)} {(up ? "rose" : "fell")} from {Wording.Value(c.Metric, c.BaselineValue)} " +
                       $"to {Wording.Value(c.Metric, c.Value)} {Wording.Against(c)} (adjusted {p}; −1 is most negative, +1 most positive).";
        }
    }

    /// <summary>", driven by topic 3 'late fees' (+14)": the topic whose count in the segment moved most in the same direction.</summary>
    private string Driver(WeeklyReport report, Comparison c)
    {
        if (c.Segment.Dimension == "topic" || c.Metric != Metric.Volume || c.Change is not { } change || c.BaselineValue is not { } baseline)
        {
            return "";
        }

        IReadOnlyList<ReportingWeek> weeks = c.Baseline switch
        {
            Baseline.PreviousWeek => [report.Week.Previous],
            Baseline.FourWeekAverage => report.Week.WeeksBefore(4),
            Baseline.SameWeekLastYear => [report.Week.SameWeekLastYear],
            _ => [],
        };
        if (weeks.Count == 0)
        {
            return "";
        }

        var total = (c.Value ?? 0) - baseline;
        var best = data.TopicsOf(c.Segment, weeks.Append(report.Week).ToList())
            .Select(topic => (Topic: topic, Delta: data.TopicVolume(report.Week, c.Segment, topic) - weeks.Average(w => data.TopicVolume(w, c.Segment, topic))))
            .Where(t => Math.Sign(t.Delta) == Math.Sign(change))
            .OrderByDescending(t => Math.Abs(t.Delta)).ThenBy(t => t.Topic)
            .FirstOrDefault();
        if (best.Delta == 0 || Math.Abs(best.Delta) < 0.25 * Math.Abs(total))
        {
            return "";
        }

        var delta = Wording.Signed(best.Delta, best.Delta == Math.Round(best.Delta) ? "0" : "0.0");
        return change > 0
            ? $", driven by topic '{report.TopicLabel(best.Topic)}' ({delta})"
            : $", mostly in topic '{report.TopicLabel(best.Topic)}' ({delta})";
    }

    private static IEnumerable<string> Facts(WeeklyReport report, HashSet<string> mentionedTopics)
    {
        foreach (var topic in report.EmergingTopics.Where(t => t.New && !mentionedTopics.Contains(t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            yield return $"A new topic appeared: '{topic.Label}' (topic {topic.Id}), with {Wording.Plural(topic.Volume, "interaction")} this week and none in any earlier week.";
        }

        var totals = report.Totals;
        var volume = Find(report, Segment.All, Metric.Volume, Baseline.FourWeekAverage);
        var previous = Find(report, Segment.All, Metric.Volume, Baseline.PreviousWeek);
        var channels = string.Join(", ", report.Breakdowns.Single(b => b.Dimension == "channel").Rows
            .Where(r => r.Week.Volume > 0).Select(r => $"{r.Segment.Value} {Wording.Count(r.Week.Volume)}"));
        // The languages written in, when there are several (interactions without words, such as complaints filed without
        // a narrative, are in none).
        var languages = report.Breakdowns.Single(b => b.Dimension == "language").Rows
            .Where(r => r.Week.Volume > 0 && r.Segment.Value != Languages.Undetermined).ToList();
        if (languages.Count > 1)
        {
            channels += "; " + string.Join(", ", languages.Select(r => $"{Languages.Describe(r.Segment.Value)} {Wording.Count(r.Week.Volume)}"));
        }
        yield return $"{Wording.Plural(totals.Volume, "interaction")} this week ({channels}); {Versus(report, volume)}, and {Versus(report, previous)}.";

        var sentiment = Find(report, Segment.All, Metric.MeanSentiment, Baseline.FourWeekAverage);
        var negative = Find(report, Segment.All, Metric.NegativeShare, Baseline.FourWeekAverage);
        yield return totals.Scored == 0
            ? "No interaction this week had text to score for sentiment."
            : $"Mean sentiment was {Wording.Value(Metric.MeanSentiment, totals.MeanSentiment)} (−1 to +1) with {Wording.Value(Metric.NegativeShare, negative.Value)} of scored texts negative; " +
              (sentiment.Missing ?? $"the 4-week average was {Wording.Value(Metric.MeanSentiment, sentiment.BaselineValue)} and {Wording.Value(Metric.NegativeShare, negative.BaselineValue)} ({Significance(report, sentiment)})") + ".";

        var rate = WeeklyMetrics.Share(totals.Escalated, totals.WithText);
        yield return $"Anger escalations: {Wording.Count(totals.High)} high and {Wording.Count(totals.Critical)} critical " +
                     $"out of {Wording.Plural(totals.WithText, "interaction")} with text{(rate is { } r ? $" ({Wording.Percent(r)})" : "")}, " +
                     $"{Wording.Count(totals.Watch)} more at watch; {Wording.Plural(totals.BumpsSent, "priority bump")} sent.";

        var lastYear = Find(report, Segment.All, Metric.Volume, Baseline.SameWeekLastYear);
        yield return lastYear.Missing is { } missing
            ? $"There is no comparison with the same week last year: {missing}."
            : $"Against the same week last year ({lastYear.BaselineLabel}): {Wording.Value(Metric.Volume, lastYear.BaselineValue)} interactions then, {Wording.Change(lastYear)} ({Significance(report, lastYear)}).";

        var repeat = WeeklyMetrics.Share(totals.Repeat, totals.Volume);
        if (repeat is { } share)
        {
            yield return $"{Wording.Percent(share)} of this week's interactions came from customers who had been in touch shortly before.";
        }

        var month = report.Comparisons.Single(c => c.Baseline == Baseline.PreviousMonthToDate);
        yield return month.Missing is { } none
            ? $"There is no month-to-date comparison: {none}."
            : $"Month to date: {Wording.Value(Metric.Volume, month.Value)} interactions against {Wording.Value(Metric.Volume, month.BaselineValue)} in the same days of the previous month ({Wording.Change(month)}, {Significance(report, month)}).";
    }

    private static Comparison Find(WeeklyReport report, Segment segment, Metric metric, Baseline baseline) =>
        report.Comparisons.Single(c => c.Segment == segment && c.Metric == metric && c.Baseline == baseline);

    private static string Versus(WeeklyReport report, Comparison c) => c.Missing is { } missing
        ? $"{missing}, so no comparison {Wording.Against(c)}"
        : $"{Wording.Change(c)} {Wording.Against(c)} of {Wording.Value(c.Metric, c.BaselineValue, average: true)} ({Significance(report, c)})";

    private static string Significance(WeeklyReport report, Comparison c) => Wording.Significance(c, report.Options.FalseDiscoveryRate);
}
