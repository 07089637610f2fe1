using Pipeline.Core;

namespace Pipeline.Tests.Core;

public class LanguageGuesserTests
{
    [TestCase(null, "und")]
    [TestCase("", "und")]
    [TestCase("12345 -- 678 !!", "und")]
    [TestCase("I was charged twice for the same payment", "en")]
    [TestCase("The fee was $35 on XX/XX/2019.", "en")]
    [TestCase("Café: the café charged me twice", "en")]
    [TestCase("Меня обманули в отделении банка", "ru")]
    [TestCase("Банк ABC списал деньги дважды", "ru")]
    [TestCase("«» — №", "und")]
    public void Guess_Text_NamesItsScript(string? text, string expected)
    {
        Assert.That(LanguageGuesser.Guess(text), Is.EqualTo(expected));
    }
}
