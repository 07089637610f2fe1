using System.Globalization;
using Pipeline.Core.Time;
using Pipeline.Reports.Statistics;

namespace Pipeline.Reports.Trends;

/// <summary>
/// Compares a week with its baselines, segment by segment, and flags only what is both significant and large:
/// volumes with the exact Poisson rate test (the four-week average with a negative binomial when those weeks are
/// over-dispersed), rates with the two-proportion z-test; every p-value of the report adjusted together
/// (Benjamini–Hochberg); a flag needs q ≤ <see cref="ReportOptions.FalseDiscoveryRate"/>, at least
/// <see cref="ReportOptions.MinVolume"/> interactions and a change of at least the configured size.
/// </summary>
public sealed class TrendAnalyzer(ReportOptions options)
{
    public IReadOnlyList<Comparison> Compare(WeeklyAggregates data, ReportingWeek week)
    {
        var raw = new List<Comparison>();
        foreach (var segment in data.Segments.OrderBy(s => s.Dimension, StringComparer.Ordinal).ThenBy(s => s.Value, StringComparer.Ordinal))
        {
            foreach (var metric in Metrics.All)
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

    private bool LargeEnough(Comparison c) =>
        c.Change is { } change && (c.IsRate ? Math.Abs(change) >= options.MinRateChange : Math.Abs(change) >= options.MinRelativeChange);

    private Comparison Against(WeeklyAggregates data, ReportingWeek week, Segment segment, string metric, Baseline baseline, IReadOnlyList<ReportingWeek> weeks)
    {
        var label = weeks.Count == 1 ? weeks[0].ToString() : $"{weeks[^1]}…{weeks[0]}";
        var current = data.Get(week, segment);
        var missing = weeks.Where(w => !data.HasData(w)).ToList();
        var rate = Metrics.Rate(metric, current);
        var value = rate is { } r ? (r.Trials == 0 ? double.NaN : r.Successes / (double)r.Trials) : current.Volume;
        if (missing.Count > 0)
        {
            var text = "no data for " + string.Join(", ", missing);
            return new Comparison(segment, metric, baseline, label, value, null, null, text, null, null, null, false);
        }

        var history = weeks.Select(w => data.Get(w, segment)).ToList();
        if (rate is { } now)
        {
            var successes = history.Sum(h => Metrics.Rate(metric, h)!.Value.Successes);
            var trials = history.Sum(h => Metrics.Rate(metric, h)!.Value.Trials);
            if (now.Trials == 0 || trials == 0)
            {
                return new Comparison(segment, metric, baseline, label, value, trials == 0 ? null : successes / (double)trials, null,
                    now.Trials == 0 ? "nothing to measure this week" : "nothing to measure in " + label, null, null, null, false);
            }

            var before = successes / (double)trials;
            var tested = Math.Max(now.Trials, trials / history.Count) >= options.MinVolume;
            var test = tested ? SignificanceTests.TwoProportions(now.Successes, now.Trials, successes, trials) : null;
            return new Comparison(segment, metric, baseline, label, value, before, value - before, null, test?.Method, test?.PValue, null, false);
        }

        var counts = history.Select(h => h.Volume).ToList();
        var mean = counts.Average();
        var change = mean == 0 ? (double?)null : (current.Volume - mean) / mean;
        if (Math.Max(current.Volume, mean) < options.MinVolume)
        {
            return new Comparison(segment, metric, baseline, label, current.Volume, mean, change, null, null, null, null, false);
        }

        var dispersion = SignificanceTests.DispersionIndex(counts);
        var result = counts.Count > 1 && dispersion >= options.OverdispersionIndex && mean > 0
            ? SignificanceTests.NegativeBinomial(current.Volume, mean, dispersion * mean)
            : SignificanceTests.PoissonRates(current.Volume, counts.Sum(), counts.Count);
        return new Comparison(segment, metric, baseline, label, current.Volume, mean, change ?? (current.Volume > 0 ? double.PositiveInfinity : null),
            null, result.Method, result.PValue, null, false);
    }

    /// <summary>All interactions from the 1st of W's month to the end of W, against the same days of the month before.</summary>
    private Comparison MonthToDate(WeeklyAggregates data, ReportingWeek week)
    {
        var end = week.End.AddDays(-1);
        var start = new DateOnly(end.Year, end.Month, 1);
        var days = end.DayNumber - start.DayNumber + 1;
        var previousStart = start.AddMonths(-1);
        var previousEnd = previousStart.AddDays(Math.Min(days, DateTime.DaysInMonth(previousStart.Year, previousStart.Month)));
        var label = string.Create(CultureInfo.InvariantCulture, $"{previousStart:yyyy-MM-dd}…{previousEnd.AddDays(-1):yyyy-MM-dd}");
        var now = data.VolumeBetween(start, end.AddDays(1));
        var before = data.VolumeBetween(previousStart, previousEnd);
        var previousWeeks = Enumerable.Range(0, (previousEnd.DayNumber - previousStart.DayNumber + 6) / 7)
            .Select(i => ReportingWeek.Containing(previousStart.AddDays(7 * i))).Distinct().Where(w => !data.HasData(w)).ToList();
        if (before == 0 && previousWeeks.Count > 0)
        {
            return new Comparison(Segment.All, Metrics.Volume, Baseline.PreviousMonthToDate, label, now, null, null,
                "no data for " + string.Join(", ", previousWeeks), null, null, null, false);
        }

        var change = before == 0 ? (double?)null : (now - before) / (double)before;
        var test = Math.Max(now, before) >= options.MinVolume ? SignificanceTests.PoissonRates(now, before, 1) : null;
        return new Comparison(Segment.All, Metrics.Volume, Baseline.PreviousMonthToDate, label, now, before, change, null, test?.Method, test?.PValue, null, false);
    }
}
