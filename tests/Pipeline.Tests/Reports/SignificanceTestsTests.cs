using Pipeline.Reports.Statistics;

namespace Pipeline.Tests.Reports;

/// <summary>Reference values from SciPy 1.10 (<c>scipy.stats.binomtest</c>, <c>nbinom</c>, <c>norm</c>) or worked by hand.</summary>
public class SignificanceTestsTests
{
    [TestCase(15, 20, 0.5, 0.04138946533203125)]
    [TestCase(30, 110, 0.2, 0.07256491232431599)]
    [TestCase(0, 10, 0.2, 0.22824806400000008)]
    [TestCase(12, 12, 0.5, 0.00048828125)]
    public void BinomialTwoSided_ReferenceCases_MatchSciPy(int k, int n, double p, double expected)
    {
        Assert.That(SignificanceTests.BinomialTwoSided(k, n, p), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void PoissonRates_WeekAgainstFourWeeks_IsTheBinomialTestWithOneFifth()
    {
        // 30 this week against 80 over the four weeks before: 30 | 110 ~ Binomial(110, 1/5) when the rate is the same.
        var result = SignificanceTests.PoissonRates(30, 80, 4);

        Assert.That(result.PValue, Is.EqualTo(0.07256491232431599).Within(1e-9));
    }

    [TestCase(35, 0.0904273355712658)]
    [TestCase(8, 0.08669613237724244)]
    [TestCase(20, 0.9654988732853644)]
    public void NegativeBinomial_MeanTwentyVarianceSixty_MatchesSciPy(int count, double expected)
    {
        Assert.That(SignificanceTests.NegativeBinomial(count, 20, 60).PValue, Is.EqualTo(expected).Within(1e-7));
    }

    [TestCase(45, 100, 30, 100, 0.02845973691631055)]
    [TestCase(12, 200, 40, 800, 0.568874132154833)]
    public void TwoProportions_ReferenceCases_MatchThePooledZTest(int a, int n, int b, int m, double expected)
    {
        Assert.That(SignificanceTests.TwoProportions(a, n, b, m).PValue, Is.EqualTo(expected).Within(1e-6));
    }

    [TestCase(-0.2, 0.09, 40, -0.05, 0.16, 160, 0.010259744857774531)]
    [TestCase(0.1, 0.25, 12, 0.3, 0.04, 30, 0.20317310017462192)]
    [TestCase(0.0, 1.0, 5, 0.0, 2.0, 7, 1.0)]
    public void WelchT_ReferenceCases_MatchSciPy(double meanA, double varianceA, int countA, double meanB, double varianceB, int countB, double expected)
    {
        // scipy.stats.ttest_ind_from_stats(meanA, sqrt(varianceA), countA, meanB, sqrt(varianceB), countB, equal_var=False)
        Assert.That(SignificanceTests.WelchT(meanA, varianceA, countA, meanB, varianceB, countB).PValue, Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void BenjaminiHochberg_FourTests_AdjustsByRank()
    {
        // Sorted: 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04 (each the minimum of those after it).
        Assert.That(SignificanceTests.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]), Is.EqualTo(new[] { 0.02, 0.04, 0.04, 0.02 }).Within(1e-12));
    }

    [TestCase(new[] { 10, 10, 10, 10 }, 0.0)]
    [TestCase(new[] { 5, 15, 5, 15 }, 3.3333333333333335)]
    public void DispersionIndex_Counts_IsVarianceOverMean(int[] counts, double expected)
    {
        Assert.That(SignificanceTests.DispersionIndex(counts), Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(1.96, 0.024997895148220435)]
    [TestCase(3.5, 0.00023262907903552502)]
    public void NormalUpperTail_ReferenceCases_MatchSciPy(double z, double expected)
    {
        Assert.That(SpecialFunctions.NormalUpperTail(z), Is.EqualTo(expected).Within(1e-7 * expected + 1e-12));
    }
}
