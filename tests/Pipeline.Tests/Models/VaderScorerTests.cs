using Pipeline.Core;
using Pipeline.Models.Sentiment;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class VaderScorerTests
{
    private static readonly VaderScorer Scorer = new(VaderLexicon.Load(Path.Combine(TestPaths.Data, "lexicons", "vader_lexicon.txt")));

    // The compound scores the vaderSentiment README prints for its own examples.
    [TestCase("VADER is smart, handsome, and funny.", 0.8316)]
    [TestCase("VADER is smart, handsome, and funny!", 0.8439)]
    [TestCase("VADER is very smart, handsome, and funny.", 0.8545)]
    [TestCase("VADER is VERY SMART, handsome, and FUNNY.", 0.9227)]
    [TestCase("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342)]
    [TestCase("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469)]
    [TestCase("VADER is not smart, handsome, nor funny.", -0.7424)]
    [TestCase("The book was good.", 0.4404)]
    [TestCase("At least it isn't a horrible book.", 0.431)]
    [TestCase("The book was only kind of good.", 0.3832)]
    [TestCase("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042)]
    [TestCase("Today SUX!", -0.5461)]
    [TestCase("Today only kinda sux! But I'll get by, lol", 0.5249)]
    [TestCase("Make sure you :) or :D today!", 0.8633)]
    [TestCase("Not bad at all", 0.431)]
    [TestCase("", 0.0)]
    public void Score_ReadmeExample_MatchesTheReferenceCompound(string text, double compound)
    {
        Assert.That(Scorer.Score(text).Compound, Is.EqualTo(compound).Within(0.00011));
    }

    [Test]
    public void Score_ReadmeExample_MatchesTheReferenceShares()
    {
        var scores = Scorer.Score("VADER is smart, handsome, and funny.");

        Assert.That((scores.Negative, scores.Neutral, scores.Positive), Is.EqualTo((0.0, 0.254, 0.746)));
    }

    [TestCase("I love this bank", SentimentClass.Positive)]
    [TestCase("The branch opens at nine", SentimentClass.Neutral)]
    [TestCase("They stole my money and lied to me", SentimentClass.Negative)]
    public void Class_Compound_ReadsWithTheUsualThresholds(string text, SentimentClass expected)
    {
        Assert.That(Scorer.Score(text).Class, Is.EqualTo(expected));
    }
}
