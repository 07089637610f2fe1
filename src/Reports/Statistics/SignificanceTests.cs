namespace Pipeline.Reports.Statistics;

/// <summary>The outcome of one test: the p-value (two-sided unless said otherwise) and which test gave it.</summary>
public sealed record TestResult(double PValue, string Method);

/// <summary>
/// The significance tests of the weekly report. Counts are compared as Poisson rates (exact, conditional on
/// the total: the week's count given the week plus baseline is binomial), or, when the history is over-dispersed,
/// against a negative binomial with the history's variance; rates with the two-proportion z-test, means with Welch's t-test. Many segments
/// are tested at once, so p-values are adjusted with Benjamini–Hochberg before anything is flagged.
/// </summary>
public static class SignificanceTests
{
    /// <summary>P(X ≤ k) for X ~ Binomial(n, p).</summary>
    public static double BinomialCdf(int k, int n, double p) =>
        k < 0 ? 0 : k >= n ? 1 : SpecialFunctions.RegularizedBeta(1 - p, n - k, k + 1);

    /// <summary>
    /// Two-sided exact binomial test (as R's <c>binom.test</c> and scipy's <c>binomtest</c>): the probability of
    /// every outcome no more likely than the one observed.
    /// </summary>
    public static double BinomialTwoSided(int k, int n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n == 0)
        {
            return 1;
        }

        var logP = Math.Log(p);
        var logQ = Math.Log(1 - p);
        var logChoose = SpecialFunctions.LogGamma(n + 1);
        double LogPmf(int i) => logChoose - SpecialFunctions.LogGamma(i + 1) - SpecialFunctions.LogGamma(n - i + 1) + i * logP + (n - i) * logQ;
        var observed = LogPmf(k) + 1e-7; // relative tolerance, as R and SciPy use
        var total = 0.0;
        for (var i = 0; i <= n; i++)
        {
            var logPmf = LogPmf(i);
            if (logPmf <= observed)
            {
                total += Math.Exp(logPmf);
            }
        }

        return Math.Min(1, total);
    }

    /// <summary>
    /// Is the count of one period different from a baseline count over <paramref name="baselinePeriods"/> periods
    /// of the same length? Under equal rates, count | count + baseline ~ Binomial(count + baseline, 1 / (1 + periods)).
    /// </summary>
    public static TestResult PoissonRates(int count, int baseline, double baselinePeriods)
    {
        var total = count + baseline;
        return new TestResult(BinomialTwoSided(count, total, 1 / (1 + baselinePeriods)), "exact Poisson rate test");
    }

    /// <summary>
    /// Two-sided test of a count against a negative binomial with the given mean and variance (variance &gt; mean:
    /// the weekly counts are over-dispersed): twice the smaller tail.
    /// </summary>
    public static TestResult NegativeBinomial(int count, double mean, double variance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mean);
        if (variance <= mean)
        {
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "A negative binomial needs a variance above the mean; use the Poisson test.");
        }

        // Mean m, variance v: p = m / v, r = m² / (v − m); P(X ≤ k) = I_p(r, k + 1).
        var p = mean / variance;
        var r = mean * mean / (variance - mean);
        var lower = SpecialFunctions.RegularizedBeta(p, r, count + 1);
        var upper = count == 0 ? 1 : 1 - SpecialFunctions.RegularizedBeta(p, r, count);
        return new TestResult(Math.Min(1, 2 * Math.Min(lower, upper)), "negative binomial test");
    }

    /// <summary>Two-sided two-proportion z-test with the pooled proportion.</summary>
    public static TestResult TwoProportions(int successesA, int trialsA, int successesB, int trialsB)
    {
        if (trialsA == 0 || trialsB == 0)
        {
            return new TestResult(1, "two-proportion z-test");
        }

        var pooled = (successesA + successesB) / (double)(trialsA + trialsB);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        if (se == 0)
        {
            return new TestResult(1, "two-proportion z-test");
        }

        var z = (successesA / (double)trialsA - successesB / (double)trialsB) / se;
        return new TestResult(Math.Min(1, 2 * SpecialFunctions.NormalUpperTail(Math.Abs(z))), "two-proportion z-test");
    }

    /// <summary>
    /// Welch's two-sided t-test of two means with unequal variances (as scipy's <c>ttest_ind(equal_var=False)</c>),
    /// from each sample's mean, variance and size; the degrees of freedom by Welch–Satterthwaite.
    /// </summary>
    public static TestResult WelchT(double meanA, double varianceA, int countA, double meanB, double varianceB, int countB)
    {
        const string method = "Welch's t-test";
        ArgumentOutOfRangeException.ThrowIfLessThan(countA, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(countB, 2);
        var a = varianceA / countA;
        var b = varianceB / countB;
        var se2 = a + b;
        if (se2 <= 0)
        {
            return new TestResult(meanA == meanB ? 1 : 0, method);
        }

        var t = (meanA - meanB) / Math.Sqrt(se2);
        var df = se2 * se2 / ((a * a / (countA - 1)) + (b * b / (countB - 1)));
        return new TestResult(Math.Min(1, SpecialFunctions.RegularizedBeta(df / (df + t * t), df / 2, 0.5)), method);
    }

    /// <summary>Benjamini–Hochberg adjusted p-values (q-values), in the order given.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * m / rank);
            adjusted[i] = running;
        }

        return adjusted;
    }

    /// <summary>Variance over mean of a series of counts (1 for Poisson; well above 1 when over-dispersed).</summary>
    public static double DispersionIndex(IReadOnlyList<int> counts)
    {
        if (counts.Count < 2)
        {
            return 1;
        }

        var mean = counts.Average();
        if (mean == 0)
        {
            return 1;
        }

        var variance = counts.Sum(c => (c - mean) * (c - mean)) / (counts.Count - 1);
        return variance / mean;
    }
}
