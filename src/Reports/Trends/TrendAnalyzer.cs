using System.Globalization;
using Pipeline.Core.Time;
using Pipeline.Reports.Statistics;

namespace Pipeline.Reports.Trends;

/// <summary>
/// Compares a week with its baselines, segment by segment and figure by figure, and flags only what is both
/// significant and large: counts with the exact Poisson rate test (the four-week average with a negative binomial
/// when those weeks are over-dispersed), rates with the two-proportion z-test, the mean sentiment with Welch's t-test;
/// every p-value of the report adjusted together (Benjamini–Hochberg). A flag needs q ≤
/// <see cref="ReportOptions.FalseDiscoveryRate"/>, a segment of at least <see cref="ReportOptions.MinVolume"/>
/// interactions (this week or in the baseline), at least <see cref="ReportOptions.MinEvents"/> events for counts other
/// than the volume, and a change of at least the configured size.
/// </summary>
public sealed class TrendAnalyzer(ReportOptions options)
{
    public IReadOnlyList<Comparison> Compare(WeeklyAggregates data, ReportingWeek week)
    {
        var raw = new List<Comparison>();
        foreach (var segment in data.SegmentsOf(week))
        {
            foreach (var metric in Metric.All)
            {
                raw.Add(Against(data, week, segment, metric, Baseline.PreviousWeek, [week.Previous]));
                raw.Add(Against(data, week, segment, metric, Baseline.FourWeekAverage, week.WeeksBefore(4)));
                raw.Add(Against(data, week, segment, metric, Baseline.SameWeekLastYear, [week.SameWeekLastYear]));
            }
        }

        raw.Add(MonthToDate(data, week));

        var tested = raw.Where(c => c.PValue is not null).ToList();
        var q = SignificanceTests.BenjaminiHochberg(tested.Select(c => c.PValue!.Value).ToList());
        var adjusted = new Dictionary<Comparison, double>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < tested.Count; i++)
        {
            adjusted[tested[i]] = q[i];
        }

        return raw.Select(c => adjusted.TryGetValue(c, out var qValue)
            ? c with { QValue = qValue, Flagged = qValue <= options.FalseDiscoveryRate && LargeEnough(c) }
            : c).ToList();
    }

    private bool LargeEnough(Comparison c) => c.Change is { } change && c.Metric.Kind switch
    {
        MetricKind.Count => Math.Abs(change) >= options.MinRelativeChange,
        MetricKind.Rate => Math.Abs(change) >= options.MinRateChange,
        _ => Math.Abs(change) >= options.MinSentimentChange,
    };

    private Comparison Against(WeeklyAggregates data, ReportingWeek week, Segment segment, Metric metric, Baseline baseline, IReadOnlyList<ReportingWeek> weeks)
    {
        var label = weeks.Count == 1 ? weeks[0].ToString() : $"{weeks[0]}…{weeks[^1]}";
        var current = data.Get(week, segment);
        var value = metric.ValueOf(current);
        var missing = weeks.Where(w => !data.HasData(w)).ToList();
        if (missing.Count > 0)
        {
            return new Comparison(segment, metric, baseline, label, value, null, null, "no data for " + string.Join(", ", missing), null, null, null, false);
        }

        var history = weeks.Select(w => data.Get(w, segment)).ToList();
        var pooled = WeeklyMetrics.Sum(history);
        var bigEnough = Math.Max(current.Volume, pooled.Volume / (double)history.Count) >= options.MinVolume;
        return metric.Kind switch
        {
            MetricKind.Count => CompareCount(segment, metric, baseline, label, current, history, bigEnough),
            MetricKind.Rate => CompareRate(segment, metric, baseline, label, current, pooled, bigEnough),
            _ => CompareMean(segment, metric, baseline, label, current, pooled, bigEnough),
        };
    }

    private Comparison CompareCount(Segment segment, Metric metric, Baseline baseline, string label, WeeklyMetrics current, IReadOnlyList<WeeklyMetrics> history, bool bigEnough)
    {
        var count = metric.Count(current);
        var counts = history.Select(metric.Count).ToList();
        var mean = counts.Average();
        double? change = mean > 0 ? (count - mean) / mean : count > 0 ? double.PositiveInfinity : null;
        var result = new Comparison(segment, metric, baseline, label, count, mean, change, null, null, null, null, false);
        if (!bigEnough)
        {
            return result with { Note = $"fewer than {options.MinVolume} interactions" };
        }

        if (metric != Metric.Volume && Math.Max(count, mean) < options.MinEvents)
        {
            return result with { Note = $"fewer than {options.MinEvents} events" };
        }

        var dispersion = SignificanceTests.DispersionIndex(counts);
        var test = counts.Count > 1 && dispersion >= options.OverdispersionIndex && mean > 0
            ? SignificanceTests.NegativeBinomial(count, mean, dispersion * mean)
            : SignificanceTests.PoissonRates(count, counts.Sum(), counts.Count);
        return result with { Test = test.Method, PValue = test.PValue };
    }

    private Comparison CompareRate(Segment segment, Metric metric, Baseline baseline, string label, WeeklyMetrics current, WeeklyMetrics pooled, bool bigEnough)
    {
        var now = metric.Rate(current);
        var before = metric.Rate(pooled);
        var value = WeeklyMetrics.Share(now.Successes, now.Trials);
        var baselineValue = WeeklyMetrics.Share(before.Successes, before.Trials);
        if (value is null || baselineValue is null)
        {
            return new Comparison(segment, metric, baseline, label, value, baselineValue, null, null, null, null, null, false,
                value is null ? "nothing to measure this week" : "nothing to measure in " + label);
        }

        var result = new Comparison(segment, metric, baseline, label, value, baselineValue, value - baselineValue, null, null, null, null, false);
        if (!bigEnough)
        {
            return result with { Note = $"fewer than {options.MinVolume} interactions" };
        }

        var test = SignificanceTests.TwoProportions(now.Successes, now.Trials, before.Successes, before.Trials);
        return result with { Test = test.Method, PValue = test.PValue };
    }

    private Comparison CompareMean(Segment segment, Metric metric, Baseline baseline, string label, WeeklyMetrics current, WeeklyMetrics pooled, bool bigEnough)
    {
        var value = current.MeanSentiment;
        var baselineValue = pooled.MeanSentiment;
        if (value is null || baselineValue is null)
        {
            return new Comparison(segment, metric, baseline, label, value, baselineValue, null, null, null, null, null, false,
                value is null ? "nothing to measure this week" : "nothing to measure in " + label);
        }

        var result = new Comparison(segment, metric, baseline, label, value, baselineValue, value - baselineValue, null, null, null, null, false);
        if (!bigEnough || current.Scored < 2 || pooled.Scored < 2)
        {
            return result with { Note = $"fewer than {options.MinVolume} interactions" };
        }

        var test = SignificanceTests.WelchT(value.Value, current.SentimentVariance!.Value, current.Scored, baselineValue.Value, pooled.SentimentVariance!.Value, pooled.Scored);
        return result with { Test = test.Method, PValue = test.PValue };
    }

    /// <summary>All interactions from the 1st of W's month to the end of W, against the same days of the month before.</summary>
    private Comparison MonthToDate(WeeklyAggregates data, ReportingWeek week)
    {
        var (start, end, previousStart, previousEnd) = MonthToDateSpan(week);
        var label = string.Create(CultureInfo.InvariantCulture, $"{previousStart:yyyy-MM-dd}…{previousEnd.AddDays(-1):yyyy-MM-dd}");
        var now = data.VolumeBetween(start, end);
        var before = data.VolumeBetween(previousStart, previousEnd);
        var absent = data.WeeksWithoutData(previousStart, previousEnd);
        if (before == 0 && absent.Count > 0)
        {
            return new Comparison(Segment.All, Metric.Volume, Baseline.PreviousMonthToDate, label, now, null, null,
                "no data for " + string.Join(", ", absent), null, null, null, false);
        }

        double? change = before == 0 ? (now > 0 ? double.PositiveInfinity : null) : (now - before) / (double)before;
        var result = new Comparison(Segment.All, Metric.Volume, Baseline.PreviousMonthToDate, label, now, before, change, null, null, null, null, false);
        if (Math.Max(now, before) < options.MinVolume)
        {
            return result with { Note = $"fewer than {options.MinVolume} interactions" };
        }

        var test = SignificanceTests.PoissonRates(now, before, 1);
        return result with { Test = test.Method, PValue = test.PValue };
    }

    /// <summary>
    /// Month to date: from the 1st of the month holding W's Sunday to the end of W; the previous month's span has the
    /// same number of days (cut at that month's end). Ends are exclusive.
    /// </summary>
    public static (DateOnly Start, DateOnly End, DateOnly PreviousStart, DateOnly PreviousEnd) MonthToDateSpan(ReportingWeek week)
    {
        var last = week.End.AddDays(-1);
        var start = new DateOnly(last.Year, last.Month, 1);
        var days = last.DayNumber - start.DayNumber + 1;
        var previousStart = start.AddMonths(-1);
        var previousEnd = previousStart.AddDays(Math.Min(days, DateTime.DaysInMonth(previousStart.Year, previousStart.Month)));
        return (start, week.End, previousStart, previousEnd);
    }
}
