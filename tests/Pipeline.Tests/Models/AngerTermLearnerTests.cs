using Pipeline.Models.Anger;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class AngerTermLearnerTests
{
    private static AngerLexicon Curated => AngerLexicon.Load(Path.Combine(TestPaths.Data, "lexicons", "anger.en.json"));

    /// <summary>Angry texts all carry the candidate; calm ones never do: only a readable word may become a term.</summary>
    [TestCase("grouchy", true)]
    [TestCase("1234", false)]
    [TestCase("#rage2024", false)]
    [TestCase("@bankhelp", false)]
    [TestCase("the", false)]
    [TestCase("furious", false)]
    public void Learn_CandidateInEveryAngryText_KeepsOnlyReadableNewWords(string candidate, bool kept)
    {
        var texts = Enumerable.Range(0, 20).Select(i => ($"{candidate} about parcel number", true))
            .Concat(Enumerable.Range(0, 40).Select(i => ("where is the parcel number", false)));

        var learned = new AngerTermLearner(Curated).Learn(texts, "test");

        Assert.That(learned.Any(t => t.Pattern.Split(' ').Contains(TextTokens.Normalize(candidate.TrimStart('#', '@')))), Is.EqualTo(kept),
            string.Join(", ", learned.Select(t => t.Pattern)));
    }

    [TestCase(1.5, 1.0)]
    [TestCase(3.0, 2.0)]
    [TestCase(9.0, 2.5)]
    public void WeightOf_LogOdds_HalfPointSteps(double logOdds, double weight) =>
        Assert.That(AngerTermLearner.WeightOf(logOdds), Is.EqualTo(weight));

    [Test]
    public void LoadDirectory_CuratedAndLearnedFiles_AreOneLexiconWithSources()
    {
        var lexicons = AngerLexicon.LoadDirectory(Path.Combine(TestPaths.Data, "lexicons"));

        var english = lexicons["en"];
        Assert.That(english.Terms.Any(t => t.Source == AngerLexicon.Curated), Is.True);
        Assert.That(english.Terms.Where(t => t.Source != AngerLexicon.Curated).Select(t => t.Source), Is.Not.Empty.And.All.StartWith("learned from"));
    }
}
