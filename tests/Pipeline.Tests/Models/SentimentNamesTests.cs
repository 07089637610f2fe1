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
    [TestCase("credit cards' fees, credit card's fee, credit-card, credit_card, credit cards2, 2credit card")]
    [TestCase("credit\tcard, credit\r\n  card, credit report-ing, credit reportingact, CREDIT UNIONS, line  of\ncredit")]
    [TestCase("fair credit reporting act fair credit reporting ac credit report credit reporting a social securitynumber")]
    [TestCase("Credit Cards Credit Cards! (credit union) [interest rates] interest only_ interest onlyx capital one1 suntrust")]
    [TestCase("a credit score* of 5, credit inquiries, credit agency/agencies, store credit, credit")]
    [TestCase("Crédit card, credit card, straße credit report")] // outside ASCII: the expression itself
    public void Mask_Span_GivesWhatTheExpressionGives(string text)
    {
        var buffer = new char[4];

        var length = Shipped.Mask(text.AsSpan(), ref buffer);

        var expected = Shipped.MaskByExpression(text);
        Assert.That(length < 0 ? text : new string(buffer, 0, length), Is.EqualTo(expected));
        Assert.That(Shipped.Mask(text), Is.EqualTo(expected));
        Assert.That(length < 0, Is.EqualTo(expected == text), "a span is copied only when a name occurs");
    }

    /// <summary>The word-by-word matching of ASCII texts against the expression, on every line of the shipped complaints and sentiment corpora.</summary>
    [Test]
    public void Mask_RealTexts_GivesWhatTheExpressionGives()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Data, "sentiment"), "*.gz")
            .Append(Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv"));
        int lines = 0, masked = 0;
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            using var reader = new StreamReader(file.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : stream);
            while (reader.ReadLine() is { } line)
            {
                var expected = Shipped.MaskByExpression(line);
                Assert.That(Shipped.Mask(line), Is.EqualTo(expected), $"{Path.GetFileName(file)}: {line}");
                lines++;
                masked += expected == line ? 0 : 1;
            }
        }

        Assert.That(masked, Is.GreaterThan(1000), $"of {lines} lines, the names occur in {masked}: too few to compare the two");
    }

    /// <summary>A names file with a name outside ASCII: every text goes through the expression (the word-by-word matching is for ASCII names).</summary>
    [TestCase("My Crédit Card and my CRÉDIT CARDS", "My créditcard and my créditcards")]
    [TestCase("my credit card report", "my creditcardreport")]
    [TestCase("no name here", "no name here")]
    public void Mask_NameOutsideAscii_GivesWhatTheExpressionGives(string text, string masked)
    {
        var path = Path.Combine(TestPaths.NewScratch("names"), "names.txt");
        File.WriteAllLines(path, ["crédit card*", "credit card report"]);
        var names = SentimentNames.Load(path);

        Assert.That(names.Mask(text), Is.EqualTo(masked));
        Assert.That(names.MaskByExpression(text), Is.EqualTo(masked));
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
