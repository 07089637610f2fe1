using Pipeline.Models.Topics;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Topics;

public class TopicTextTests
{
    private static readonly TopicText Text = TopicText.Load(Path.Combine(TestPaths.Data, "topics", "stopwords.txt"));

    [TestCase("On XX/XX/2019 I paid {$1,200.00} to XXXX XXXX", "paid")]
    [TestCase("They charged me $45.50 twice in January 2019!!!", "charged twice")]
    [TestCase("My email [EMAIL] and phone [PHONE] were used for the account.", "account")]
    [TestCase("The debt collector told me I would be sued", "debt collector sued")]
    [TestCase("I CALLED the BANK about my Overdraft fee", "bank overdraft fee")]
    public void Words_DomainNoise_IsDropped(string input, string expected)
    {
        Assert.That(Text.Words([input])[0], Is.EqualTo(expected.Split(' ')));
    }

    [Test]
    public void Words_Russian_KeepsDiacriticsAndDropsRussianStopWords()
    {
        var words = Text.Words(["Почему мой платёж не прошёл и где мой возврат?"])[0];

        Assert.That(words, Does.Contain("платёж").And.Contain("прошёл").And.Contain("возврат"));
        Assert.That(words, Does.Not.Contain("мой").And.Not.Contain("не").And.Not.Contain("и"));
    }

    [Test]
    public void Words_EmptyOrMissingText_IsEmpty()
    {
        Assert.That(Text.Words([null, "", "   ", "XXXX 123"]), Has.All.Empty);
    }

    [Test]
    public async Task Prepare_ShippedTextsAndOddOnes_SameWordsAsTheMlNetPipeline()
    {
        var options = new TopicOptions { StopWordsFile = Path.Combine(TestPaths.Data, "topics", "stopwords.txt") };
        var corpus = await TopicTrainerTests.ShippedCorpusAsync(options);
        var texts = corpus.Documents.Select(d => (string?)d.Excerpt)
            .Concat(["ÉCOLE Straße naïve", "Почему мой платёж не прошёл", "tab\tand\nnew lines", "it's the company's fault", "XXXX {$5.00} [EMAIL] x", null, ""])
            .ToList();

        var direct = Text.Prepare(texts);
        var reference = Text.PrepareWithMlNet(texts);

        for (var i = 0; i < texts.Count; i++)
        {
            Assert.That(direct[i].Words, Is.EqualTo(reference[i].Words), texts[i]);
            Assert.That(direct[i].FollowedDirectly, Is.EqualTo(reference[i].FollowedDirectly), texts[i]);
        }
    }

    [Test]
    public void Prepare_StopWordBetween_IsNotAPhrase()
    {
        var prepared = Text.Prepare(["Identity theft at Bank of America"])[0];

        Assert.That(prepared.Words, Is.EqualTo(new[] { "identity", "theft", "bank", "america" }));
        Assert.That(prepared.FollowedDirectly, Is.EqualTo(new[] { true, false, false, false }));
    }
}
