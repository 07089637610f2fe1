using Pipeline.Core;
using Pipeline.Models.Text;

namespace Pipeline.Tests.Models;

/// <summary>Chinese segmentation (jieba), Russian stems (Snowball), full-width folding: the words the Russian and Chinese models read.</summary>
public class WordFormsTests
{
    [TestCase("客服态度不好，退款三次都没有成功。", new[] { "客服", "态度", "不好", "退款", "三次", "都", "没有", "成功" })]
    [TestCase("这个手机的屏幕太差了！", new[] { "这个", "手机", "的", "屏幕", "太差", "了" })]
    [TestCase("我的ＡＴＭ卡被吞了", new[] { "我", "的", "atm", "卡", "被", "吞", "了" })]
    public void Segment_ChineseSentence_GivesJiebasWordsWithoutPunctuation(string text, string[] expected)
    {
        var words = new List<string>();
        ChineseWords.Segment(text, words);

        Assert.That(words, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("，。！")]
    public void Segment_NoWords_GivesNone(string text)
    {
        var words = new List<string>();
        var spans = new List<(int, int)>();

        ChineseWords.Segment(text, words);
        ChineseWords.Spans(text, spans);

        Assert.That(words, Is.Empty);
        Assert.That(spans, Is.Empty);
    }

    [Test]
    public void Segment_FromSeveralThreads_GivesTheSameWords()
    {
        const string text = "银行卡被冻结了，客服电话一直打不通，我要投诉。";
        var expected = ChineseWords.Spaced(text);

        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = ChineseWords.Spaced(text));

        Assert.That(results, Is.All.EqualTo(expected));
    }

    [TestCase("жалобы", "жалоб")]
    [TestCase("жалобой", "жалоб")]
    [TestCase("Обслуживанием", "обслуживан")]
    [TestCase("ужасное", "ужасн")]
    [TestCase("ЁЛКИ", "елк")]
    [TestCase("всё", "все")]
    [TestCase("Сбербанк", "сбербанк")]
    [TestCase("iPhone", "iphone")]
    [TestCase("2024", "2024")]
    public void Stem_RussianWord_GivesSnowballStemWithYoFolded(string word, string expected)
    {
        Assert.That(RussianStems.Stem(word), Is.EqualTo(expected));
    }

    [Test]
    public void Spaced_RussianSentence_StemsEveryWordAndDropsPunctuation()
    {
        Assert.That(RussianStems.Spaced("Банк заблокировал карту, а в поддержке молчат!"), Is.EqualTo("банк заблокирова карт а в поддержк молчат"));
    }

    [TestCase("ＡＢＣ１２３", "ABC123")]
    [TestCase("太差了！客服呢？", "太差了! 客服呢? ")]
    [TestCase("第一，第二；第三。", "第一, 第二; 第三. ")]
    [TestCase("好、快", "好, 快")]
    [TestCase("full\u3000width", "full width")]
    [TestCase("plain text, nothing to fold.", "plain text, nothing to fold.")]
    public void Fold_FullWidthForms_BecomeAsciiWithASpaceAfterMarks(string text, string expected)
    {
        Assert.That(FullWidth.Fold(text), Is.EqualTo(expected));
    }

    [TestCase(Languages.English, "The card was blocked!", "The card was blocked!")]
    [TestCase(Languages.Other, "La carte est bloquée", "La carte est bloquée")]
    [TestCase(Languages.Russian, "Карту заблокировали!", "карт заблокирова")]
    [TestCase(Languages.Chinese, "卡被冻结了！", "卡 被 冻结 了")]
    public void Of_Language_GivesItsWordForms(string language, string text, string expected)
    {
        Assert.That(WordForms.Of(text, language), Is.EqualTo(expected));
    }
}
