using Pipeline.Models.Topics;

namespace Pipeline.Tests.Models.Topics;

public class CoherenceCvTests
{
    private static readonly string[][] Texts =
    [
        "credit report error bureau dispute credit report wrong".Split(' '),
        "debt collector calls work debt collection harassment".Split(' '),
        "mortgage payment escrow mortgage late fee payment".Split(' '),
        "credit report dispute bureau removed error".Split(' '),
        "debt collection calls harassment collector debt".Split(' '),
        "mortgage escrow payment servicer late".Split(' '),
        "bank account fee overdraft bank".Split(' '),
        "overdraft fee account bank refund".Split(' '),
    ];

    private static readonly string[][] Topics =
    [
        ["credit", "report", "dispute", "bureau"],
        ["debt", "collection", "calls", "harassment"],
        ["mortgage", "escrow", "payment", "fee"],
    ];

    /// <summary>
    /// Reference values from gensim 4.2 (Debian's python3-gensim): <c>CoherenceModel(topics, texts, Dictionary(texts),
    /// coherence="c_v", window_size=w, processes=1)</c>. Window 3 slides over texts with repeated words, where gensim
    /// drops a word from the window when one of its occurrences leaves.
    /// </summary>
    [TestCase(110, 0.9520580810849326, 1.0, 1.0, 0.8561742432547981)]
    [TestCase(3, 0.793508412934694, 0.8688361760914298, 0.9139859369246611, 0.5977031257879909)]
    public void Score_SmallCorpus_MatchesGensim(int window, double mean, double first, double second, double third)
    {
        var result = CoherenceCv.Score(Topics, Texts, window);

        Assert.That(result.Mean, Is.EqualTo(mean).Within(1e-9));
        Assert.That(result.PerTopic, Is.EqualTo(new[] { first, second, third }).Within(1e-9));
    }

    [Test]
    public void Score_TermsThatNeverMeet_ScoreBelowTermsThatAlwaysDo()
    {
        var together = CoherenceCv.Score([["debt", "harassment"]], Texts).Mean;
        var apart = CoherenceCv.Score([["debt", "escrow", "overdraft"]], Texts).Mean;

        Assert.That(together, Is.GreaterThan(apart));
    }
}
