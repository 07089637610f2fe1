using Pipeline.Models.Topics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Topics;

public class TopicLabelerTests
{
    private static readonly TopicText Text = TopicText.Load(Path.Combine(TestPaths.Data, "topics", "stopwords.txt"));

    private static List<CorpusDocument> Documents(params string[] texts) =>
        Text.Prepare(texts).Select((p, i) => new CorpusDocument("d" + i, texts[i], p.Words, p.FollowedDirectly)).ToList();

    [Test]
    public void Label_PhrasesTypicalOfTheTopic_NameIt()
    {
        var mine = Documents(
            "Someone committed identity theft and opened fraudulent accounts on my credit report",
            "This is identity theft, the accounts on my credit report are not mine",
            "Victim of identity theft; please block the fraudulent accounts on my credit report",
            "Identity theft again, remove the fraudulent accounts");
        var others = Documents(
            "The debt collector keeps calling about a debt on my credit report",
            "My mortgage servicer lost my payment");
        var labeler = new TopicLabeler(mine.Concat(others));

        var label = labeler.Label(["theft", "identity", "fraudulent", "accounts", "block"], mine);

        Assert.That(label, Is.EqualTo("identity theft, fraudulent accounts"));
    }

    [Test]
    public void Label_NoPhraseSeenThreeTimes_TakesTheTopThreeTerms()
    {
        var mine = Documents("Escrow shortage", "Servicer raised escrow");

        var label = new TopicLabeler(mine).Label(["escrow", "shortage", "servicer", "raised"], mine);

        Assert.That(label, Is.EqualTo("escrow, shortage, servicer"));
    }
}
