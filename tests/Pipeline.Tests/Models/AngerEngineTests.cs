using Pipeline.Core;
using Pipeline.Models.Anger;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class AngerEngineTests
{
    private static readonly IReadOnlyDictionary<string, AngerLexicon> Lexicons = AngerLexicon.LoadDirectory(Path.Combine(TestPaths.Data, "lexicons"));

    private static AngerEngine CreateSut(AngerOptions? options = null) => new(Lexicons, options ?? new AngerOptions());

    [Test]
    public void Assess_ChineseComplaint_EscalatesWithItsTermsSpannedInTheText()
    {
        const string text = "你们这些骗子！第三次打电话了，再不退款我就去消协投诉，还要曝光你们。";

        var assessment = CreateSut().Assess(text, Languages.Chinese);

        Assert.That(assessment.Level, Is.GreaterThanOrEqualTo(AngerLevel.High));
        Assert.That(assessment.Matches.Select(m => m.Category), Is.SupersetOf(new[] { "anger", "repeat", "regulator", "social" }));
        Assert.That(assessment.Matches.Select(m => m.Text), Is.SupersetOf(new[] { "骗子", "第三次", "消协", "投诉", "曝光" }), "each match is the text's own words, at their place");
    }

    [Test]
    public void Assess_ChineseThanks_IsCalm()
    {
        Assert.That(CreateSut().Assess("谢谢客服的耐心解答，问题已经解决了。", Languages.Chinese).Level, Is.EqualTo(AngerLevel.None));
    }

    [TestCase("I am angry", "angr*")]
    [TestCase("I was angrier than ever", "angr*")]
    [TestCase("This infuriates me", "infuriat*")]
    [TestCase("an infuriating wait", "infuriat*")]
    [TestCase("I will sue", "sue")]
    [TestCase("my lawyers will call", "lawyer*")]
    [TestCase("Я возмущена вашим отношением", "возмущ*")]
    [TestCase("Это возмутительно", "возмут*")]
    [TestCase("Пишу в Роспотребнадзор", "роспотребнадзор*")]
    [TestCase("жалоба в прокуратуру", "прокуратур*")]
    [TestCase("звоню в четвёртый раз", "четвертый раз")]
    [TestCase("气死我了！这家银行太过分了", "气死我了")]
    [TestCase("客服态度恶劣，我要投诉", "态度恶劣")]
    [TestCase("客服态度恶劣，我要投诉", "投诉")]
    [TestCase("再不处理我就打12315", "12315")]
    [TestCase("真是受够了，垃圾服务", "垃圾")]
    public void Assess_InflectedForm_MatchesTheStem(string text, string pattern)
    {
        var assessment = CreateSut().Assess(text, Pipeline.Ingest.TextLanguage.Detect(text));

        Assert.That(assessment.Matches.Select(m => m.Pattern), Does.Contain(pattern));
    }

    [TestCase("I am not angry", true)]
    [TestCase("I'm not at all angry", true)]
    [TestCase("I wasn't furious", true)]
    [TestCase("Not bad. Angry now though", false)] // the sentence break ends the negation
    [TestCase("Я не злюсь", true)]
    [TestCase("我一点也不生气", true)]
    [TestCase("我很生气", false)]
    public void Assess_NegationBefore_CancelsTheTerm(string text, bool negated)
    {
        var match = CreateSut().Assess(text, Pipeline.Ingest.TextLanguage.Detect(text)).Matches.Single(m => m.Category == "anger");

        Assert.That(match.Negated, Is.EqualTo(negated), string.Join("; ", match.Modifiers));
        Assert.That(match.Weight, negated ? Is.Zero : Is.GreaterThan(0));
    }

    [Test]
    public void Assess_NeverBeenSoAngry_IsNegatedOnlyWithinTheWindow()
    {
        var options = new AngerOptions { NegationWindow = 3 };

        var match = CreateSut(options).Assess("never been so angry", "en").Matches.Single();

        Assert.That(match.Negated, Is.True, "'never' is within three words; the window is configuration");
        Assert.That(CreateSut(new AngerOptions { NegationWindow = 2 }).Assess("never been so angry", "en").Matches.Single().Negated, Is.False);
    }

    [TestCase("I am angry", 2.5)]
    [TestCase("I am ANGRY", 3.75)] // capitals ×1.5
    [TestCase("I am extremely angry", 4.0)] // intensifier ×1.6
    [TestCase("I am EXTREMELY ANGRY", 6.0)]
    [TestCase("CFPB", 1.0)] // acronyms of threats are not shouting
    public void Assess_CapsAndIntensifiers_ScaleTheWeight(string text, double weight)
    {
        var match = CreateSut().Assess(text, "en").Matches.Single();

        Assert.That(match.Weight, Is.EqualTo(weight).Within(0.001));
    }

    [Test]
    public void Assess_ShoutedText_AddsTheShoutingRule()
    {
        var assessment = CreateSut().Assess("WHY IS MY ACCOUNT STILL LOCKED", "en");

        Assert.That(assessment.Rules.Select(r => r.Name), Does.Contain("shouting"));
    }

    [Test]
    public void Assess_CfpbMasks_AreNotShouting()
    {
        var assessment = CreateSut().Assess("On XXXX XXXX I called XXXX about XXXX account", "en");

        Assert.That(assessment.Rules, Is.Empty);
        Assert.That(assessment.Level, Is.EqualTo(AngerLevel.None));
    }

    [TestCase("This is ridiculous.", 0)]
    [TestCase("This is ridiculous!!", 1)]
    [TestCase("Ridiculous!!! Now!!! Today!!!", 2)] // capped at MaxExclamationBonus
    [TestCase("Fix it!!", 0)] // no lexicon term: "!!" is as common in delight
    [TestCase("Thank you so much!!!", 0)]
    public void Assess_RepeatedExclamation_AddsPointsToTermsUpToTheCap(string text, double points)
    {
        var rule = CreateSut().Assess(text, "en").Rules.SingleOrDefault(r => r.Name == "exclamation");

        Assert.That(rule?.Points ?? 0, Is.EqualTo(points));
    }

    [TestCase(0, 0)]
    [TestCase(2, 2)]
    [TestCase(7, 3)]
    public void Assess_RepeatContacts_AddPointsUpToTheCap(int contacts, double points)
    {
        var rule = CreateSut().Assess("Where is my refund?", "en", contacts).Rules.SingleOrDefault(r => r.Name == "repeat contact");

        Assert.That(rule?.Points ?? 0, Is.EqualTo(points));
    }

    [TestCase("Thank you for the quick help.", AngerLevel.None)]
    [TestCase("That is unbelievable.", AngerLevel.None)] // 0.5 < watch 1
    [TestCase("This is a bit terrible.", AngerLevel.Watch)] // 1
    [TestCase("This is ridiculous.", AngerLevel.High)] // 2: one clearly angry word escalates
    [TestCase("I am angry.", AngerLevel.High)] // 2.5
    [TestCase("I am furious and disgusted.", AngerLevel.High)] // 3 + 2 + density 1 < critical 8
    [TestCase("I am FURIOUS, this is a disgrace and I am fed up!!", AngerLevel.Critical)]
    public void Assess_Score_MapsToLevelByThreshold(string text, AngerLevel level)
    {
        Assert.That(CreateSut().Assess(text, "en").Level, Is.EqualTo(level));
    }

    // Customer-service messages: one clearly angry word or complaint phrase escalates, requests and thanks do not.
    [TestCase("I've been on hold for 2 hours. This is ridiculous.", AngerLevel.High)]
    [TestCase("Worst customer service ever.", AngerLevel.High)]
    [TestCase("I'm so frustrated with this app", AngerLevel.High)]
    [TestCase("Still waiting for my refund. Third time I'm asking!!", AngerLevel.High)] // repeat 1 + 1.5 counted as 1.5, "!!" +1
    [TestCase("What a joke, you people never call back", AngerLevel.High)]
    [TestCase("My package hasn't arrived yet, can you check?", AngerLevel.None)]
    [TestCase("Thanks for the quick help!!", AngerLevel.None)]
    [TestCase("I'm not frustrated, just confused about the fee", AngerLevel.None)]
    [TestCase("The worst part was the wait, otherwise fine.", AngerLevel.Watch)]
    public void Assess_CustomerServiceMessage_EscalatesTheAngryOnes(string text, AngerLevel level)
    {
        var assessment = CreateSut().Assess(text, "en");

        Assert.That(assessment.Level, Is.EqualTo(level), assessment.Explain());
    }

    [Test]
    public void Assess_ThresholdsFromConfiguration_DecideTheLevel()
    {
        var strict = new AngerOptions { WatchThreshold = 5, HighThreshold = 10, CriticalThreshold = 20 };

        Assert.That(CreateSut(strict).Assess("I am furious and disgusted.", "en").Level, Is.EqualTo(AngerLevel.Watch));
    }

    [TestCase("Don't fucking blame me for your mistake", "fucking")]
    [TestCase("You aren't worth a damn", "damn")]
    public void Assess_NegationBeforeProfanity_DoesNotCancelIt(string text, string word)
    {
        var match = CreateSut().Assess(text, "en").Matches.Single();

        Assert.That((match.Text, match.Negated, match.Weight > 0), Is.EqualTo((word, false, true)));
    }

    [Test]
    public void Assess_ThreatsWithoutAnger_StayBelowHigh()
    {
        var assessment = CreateSut().Assess("I will contact my lawyer, file a lawsuit, and report this to the CFPB and the BBB.", "en");

        Assert.That(assessment.Categories, Is.EquivalentTo(new[] { "legal", "regulator" }));
        Assert.That(assessment.Level, Is.EqualTo(AngerLevel.Watch));
        Assert.That(assessment.Rules.Single().Name, Is.EqualTo("threat cap"));
    }

    [Test]
    public void Assess_SameTermOverAndOver_CountsTwiceAtMost()
    {
        var assessment = CreateSut().Assess("terrible terrible terrible terrible", "en");

        Assert.That(assessment.Matches.Select(m => m.Weight), Is.EqualTo(new[] { 1.0, 0.5, 0, 0 }));
    }

    [Test]
    public void Assess_Idiom_TakesTheWordsAndCountsNothing()
    {
        var assessment = CreateSut().Assess("I hate to say it, but that was fucking amazing", "en");

        Assert.That(assessment.Score, Is.Zero);
        Assert.That(assessment.Categories, Is.Empty);
        Assert.That(assessment.Matches.Select(m => m.Category), Has.All.EqualTo("ignore"));
    }

    [Test]
    public void Assess_LongCalmNarrative_IsHeldAtWatch()
    {
        var calm = string.Join(' ', Enumerable.Repeat("I called the bank about my statement and they said they would look into it.", 80));
        var text = calm + " I am furious, outraged and disgusted.";

        var assessment = CreateSut().Assess(text, "en");

        Assert.That(assessment.Level, Is.EqualTo(AngerLevel.Watch));
        Assert.That(assessment.Rules.Select(r => r.Name), Does.Contain("diluted"));
    }

    [Test]
    public void Assess_Escalation_ExplainsTermsSpansRulesAndThreshold()
    {
        const string text = "This is the THIRD time I call. I am extremely angry!! I will sue.";

        var assessment = CreateSut().Assess(text, "en");

        var angry = assessment.Matches.Single(m => m.Category == "anger");
        Assert.That(text.Substring(angry.Start, angry.Length), Is.EqualTo("angry"));
        Assert.That(angry.Modifiers, Has.Some.Contains("×1.6 by 'extremely'"));
        var repeat = assessment.Matches.Single(m => m.Category == "repeat");
        Assert.That(text.Substring(repeat.Start, repeat.Length), Is.EqualTo("THIRD time"));
        Assert.That(assessment.Categories, Is.EqualTo(new[] { "repeat", "anger", "legal" }));
        // 1.5 (THIRD time) + 4 (angry ×1.6) + 2 (sue) + 1 (exclamation) - 2 (threat terms 3.5 counted as 1.5) = 6.5
        Assert.That(assessment.Score, Is.EqualTo(6.5));
        Assert.That(assessment.Level, Is.EqualTo(AngerLevel.High));
        Assert.That(assessment.Threshold, Is.EqualTo("score 6.5 ≥ high 2 (< critical 8)"));
        Assert.That(assessment.Explain(), Does.Contain("'angry' [46..51) anger 4").And.Contain("exclamation +1").And.Contain("threat cap -2"));
    }

    [Test]
    public void Assess_UnknownLanguage_UsesTheEnglishLexicon()
    {
        Assert.That(CreateSut().Assess("furious", "und").Matches, Has.Count.EqualTo(1));
    }

    [Test]
    public void Parse_BadLexicon_ReportsEveryProblem()
    {
        const string json = """{ "language": "en", "terms": [ { "pattern": "mad", "weight": 0, "category": "anger" }, { "pattern": "x*", "weight": 1, "category": "anger" }, { "pattern": "sue", "weight": 1, "category": "lawsuit" } ] }""";

        Assert.That(() => AngerLexicon.Parse(json), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("'mad': weight 0").And.Message.Contains("'x*'").And.Message.Contains("category 'lawsuit'"));
    }

    [Test]
    public void Constructor_ThresholdsOutOfOrder_Throws()
    {
        Assert.That(() => CreateSut(new AngerOptions { HighThreshold = 1 }), Throws.ArgumentException.With.Message.Contains("thresholds must rise"));
    }
}
