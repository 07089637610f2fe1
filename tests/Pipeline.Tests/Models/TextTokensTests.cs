using Pipeline.Models.Anger;

namespace Pipeline.Tests.Models;

public class TextTokensTests
{
    [TestCase("Don't you DARE!", new[] { "dont@0", "you@6", "dare@10" })]
    [TestCase("it’s the 3rd time, o'clock'ish", new[] { "its@0", "the@5", "3rd@9", "time@13", "oclockish@19" })]
    [TestCase("Ёлки-палки, ЁЖ", new[] { "елки@0", "палки@5", "еж@12" })]
    [TestCase("'quoted' 5'a x'5 ''", new[] { "quoted@1", "5a@9", "x@13", "5@15" })]
    [TestCase("", new string[0])]
    public void Tokenize_Text_GivesNormalisedKeysAtTheirPlaces(string text, string[] expected)
    {
        var tokens = TextTokens.Tokenize(text);

        Assert.That(tokens.Select(t => $"{t.Key}@{t.Start}"), Is.EqualTo(expected));
        Assert.That(tokens.Select(t => text.Substring(t.Start, t.Length).Replace("'", "").Replace("’", "").ToLowerInvariant().Replace('ё', 'е')), Is.EqualTo(tokens.Select(t => t.Key)));
    }
}
