using Pipeline.Models.Topics;

namespace Pipeline.Tests.Models.Topics;

public class TopicAlignerTests
{
    private static IReadOnlyList<TopicTerm> Terms(string terms) =>
        terms.Split(' ').Select((t, i) => new TopicTerm(t, 1.0 / (i + 2))).ToList();

    private static readonly StoredTopic[] Previous =
    [
        new(7, 0, "credit report", Terms("report credit bureau dispute inquiry")),
        new(3, 1, "debt collection", Terms("debt collector collection calls harassment")),
        new(9, 2, "mortgage", Terms("mortgage escrow servicer payment foreclosure")),
    ];

    [Test]
    public void Align_RefitWithOneTopicGoneAndOneNew_KeepsIdsOfTheMatchesAndNumbersTheNewOneAfterAllEarlierIds()
    {
        IReadOnlyList<IReadOnlyList<TopicTerm>> refit =
        [
            Terms("overdraft fee bank account refund"),
            Terms("debt collection collector calls validation"),
            Terms("credit report dispute bureau error"),
        ];

        var (ids, retired, next) = TopicAligner.Align(refit, Previous, nextId: 12, threshold: 0.3);

        Assert.That(ids.Select(i => (i.Id, i.New)), Is.EqualTo(new[] { (12, true), (3, false), (7, false) }));
        Assert.That(retired, Is.EqualTo(new[] { 9 }));
        Assert.That(next, Is.EqualTo(13));
    }

    [Test]
    public void Align_TwoNewTopicsLikeOneOldOne_GivesTheIdToTheCloserOnly()
    {
        IReadOnlyList<IReadOnlyList<TopicTerm>> refit =
        [
            Terms("report credit inquiry"),
            Terms("report credit bureau dispute inquiry"),
        ];

        var (ids, _, _) = TopicAligner.Align(refit, Previous.Take(1).ToList(), nextId: 8, threshold: 0.3);

        Assert.That(ids.Select(i => i.Id), Is.EqualTo(new[] { 8, 7 }));
    }

    [TestCase("report credit bureau dispute inquiry", 1.0)]
    [TestCase("overdraft fee bank account refund", 0.0)]
    public void Cosine_Distributions_IsTheirCosineSimilarity(string terms, double expected)
    {
        Assert.That(TopicAligner.Cosine(Terms(terms), Previous[0].Distribution), Is.EqualTo(expected).Within(1e-12));
    }
}
