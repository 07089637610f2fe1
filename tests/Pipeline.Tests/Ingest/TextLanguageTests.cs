using Pipeline.Ingest;

namespace Pipeline.Tests.Ingest;

public class TextLanguageTests
{
    [TestCase(null, "und")]
    [TestCase("", "und")]
    [TestCase("12345 -- 678 !!", "und")]
    [TestCase("«» — №", "und")]
    [TestCase("I was charged twice for the same payment", "en")]
    [TestCase("The fee was $35 on XX/XX/2019.", "en")]
    [TestCase("Café: the café charged me twice", "en")]
    [TestCase("XXXX XXXX", "en")]
    [TestCase("Refund now!!", "en")]
    [TestCase("My account at Сбербанк was closed without notice and they kept my money", "en")]
    [TestCase("Меня обманули в отделении банка", "ru")]
    [TestCase("Банк ABC списал деньги дважды", "ru")]
    [TestCase("Почему с моей карты дважды списали деньги? Я уже три раза звонил в поддержку, и никто не отвечает.", "ru")]
    [TestCase("Чому з моєї картки двічі списали гроші? Я вже тричі телефонував до підтримки, і ніхто не відповідає.", "other")]
    [TestCase("快递三天了还没到，客服电话一直打不通，太让人生气了！", "zh")]
    [TestCase("我的iPhone 15订单被取消了，退款到现在还没有到账。", "zh")]
    [TestCase("注文した商品がまだ届きません。サポートに電話してもつながりません。", "other")]
    [TestCase("주문한 상품이 아직 도착하지 않았습니다. 고객센터에 전화해도 연결이 안 됩니다.", "other")]
    [TestCase("Ich habe mein Paket immer noch nicht erhalten und niemand beantwortet meine E-Mails.", "other")]
    [TestCase("Je n'ai toujours pas reçu mon colis et personne ne répond à mes courriels.", "other")]
    [TestCase("Todavía no he recibido mi paquete y nadie responde a mis correos.", "other")]
    [TestCase("Ainda não recebi a minha encomenda e ninguém responde aos meus e-mails.", "other")]
    [TestCase("Η παραγγελία μου δεν έχει φτάσει ακόμα.", "other")]
    [TestCase("Ik heb mijn pakket nog steeds niet ontvangen en niemand beantwoordt mijn e-mails.", "other")]
    [TestCase("Saya belum menerima paket saya dan tidak ada yang membalas email saya sampai sekarang.", "other")]
    [TestCase("Все още не съм получил пратката си и никой не отговаря на имейлите ми, това е много лошо.", "other")]
    [TestCase("Experian show debt reported incorrectly", "en")]
    [TestCase("showing inaccurate information on credit report ftc violation and fair lending act filed FTC", "en")]
    [TestCase("#ArianaGrande Ari By Ariana Grande 80% Full https://t.co/ylhCMETHHW #Singer #Actress", "en")]
    public void Detect_Text_NamesItsLanguage(string? text, string expected)
    {
        Assert.That(TextLanguage.Detect(text), Is.EqualTo(expected));
    }
}
