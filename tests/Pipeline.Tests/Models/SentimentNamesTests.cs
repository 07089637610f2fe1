using Pipeline.Models.Sentiment;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class SentimentNamesTests
{
    private static readonly SentimentNames Shipped = SentimentNames.Load(Path.Combine(TestPaths.Data, "lexicons", "sentiment-names.en.txt"));

    [TestCase("Experian violated the Fair Credit Reporting Act.", "Experian violated the faircreditreportingact.")]
    [TestCase("My CREDIT CARDS and my credit report", "My creditcards and my creditreport")]
    [TestCase("the interest   rate went up", "the interestrate went up")]
    [TestCase("I give them credit for trying", "I give them credit for trying")] // "credit" alone is a word, not a name
    [TestCase("my Social Security number", "my socialsecurity number")]
    public void Mask_ShippedNames_BecomeOneWord(string text, string masked)
    {
        Assert.That(Shipped.Mask(text), Is.EqualTo(masked));
    }

    [TestCase("Experian violated the Fair Credit Reporting Act.")]
    [TestCase("My CREDIT CARDS and my credit report")]
    [TestCase("no name in here at all")]
    [TestCase("")]
    public void Mask_Span_GivesWhatTheStringMaskGives(string text)
    {
        var buffer = new char[4];

        var length = Shipped.Mask(text.AsSpan(), ref buffer);

        Assert.That(length < 0 ? text : new string(buffer, 0, length), Is.EqualTo(Shipped.Mask(text)));
        Assert.That(length < 0, Is.EqualTo(Shipped.Mask(text) == text), "a span is copied only when a name occurs");
    }

    [Test]
    public void Mask_NameInsideALongerWord_IsLeftAlone()
    {
        Assert.That(Shipped.Mask("discredit cards"), Is.EqualTo("discredit cards"));
    }

    [TestCase("credit* report")]
    [TestCase("fair (credit)")]
    public void Load_BadPhrase_NamesTheLine(string phrase)
    {
        var path = Path.Combine(TestPaths.NewScratch("names"), "names.txt");
        File.WriteAllLines(path, ["# names", "credit card", phrase]);

        var error = Assert.Throws<InvalidDataException>(() => SentimentNames.Load(path));

        Assert.That(error!.Message, Does.Contain("line 3").And.Contain(phrase));
    }

    [Test]
    public void Load_MissingFile_SaysWhichSetting()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SentimentNames.Load("/nonexistent/names.txt"));

        Assert.That(error!.Message, Does.Contain("Sentiment:NamesFile"));
    }
}
