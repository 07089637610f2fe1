using Pipeline.Ingest.Privacy;

namespace Pipeline.Tests.Ingest;

public class PiiRedactorTests
{
    [TestCase("ring me on +44 20 7946 0958 after six", "ring me on [PHONE] after six")]
    [TestCase("or on 020 7946 0958, the office", "or on [PHONE], the office")]
    [TestCase("Rufen Sie +49 30 1234567 an", "Rufen Sie [PHONE] an")]
    [TestCase("Berlin: 030 1234567.", "Berlin: [PHONE].")]
    [TestCase("appelez le +33 1 23 45 67 89 svp", "appelez le [PHONE] svp")]
    [TestCase("mobile +44 7911 123456", "mobile [PHONE]")]
    [TestCase("请拨打 +86 10 6552 9988 或 138 0013 8000", "请拨打 [PHONE] 或 [PHONE]")]
    public void Redact_PhoneNumbersOfOtherCountries_BecomePlaceholder(string text, string expected)
    {
        Assert.That(PiiRedactor.Redact(text), Is.EqualTo(expected));
    }

    [TestCase("the fee of $1,234,567.89 on 2019-10-25 at 14:30:15")]
    [TestCase("order placed 2019-06-09T14:36:00 for 3 items")]
    public void Redact_NumbersThatAreNoPhone_LeavesThem(string text)
    {
        Assert.That(PiiRedactor.Redact(text), Is.EqualTo(text));
    }

    [TestCase("write to jane.doe+bank@mail.example.com today", "write to [EMAIL] today")]
    [TestCase("call me at (555) 123-4567.", "call me at [PHONE].")]
    [TestCase("call me at 555-123-4567 or +1 555 123 4567", "call me at [PHONE] or [PHONE]")]
    [TestCase("мой номер +7 (495) 123-45-67", "мой номер [PHONE]")]
    [TestCase("card 4111 1111 1111 1111 was charged", "card [CARD] was charged")]
    [TestCase("card 4111-1111-1111-1111 was charged", "card [CARD] was charged")]
    [TestCase("SSN 123-45-6789 on file", "SSN [SSN] on file")]
    [TestCase("On XX/XX/2019 and again on 12/03/2020 I called them at 555-123-4567 about the fee of $35.00", "On XX/XX/2019 and again on 12/03/2020 I called them at [PHONE] about the fee of $35.00")]
    [TestCase("a long account of what happened first, with no numbers in it at all, then: 1 555 123 4567", "a long account of what happened first, with no numbers in it at all, then: [PHONE]")]
    public void Redact_PersonalData_BecomesPlaceholder(string text, string expected)
    {
        Assert.That(PiiRedactor.Redact(text), Is.EqualTo(expected));
    }

    [TestCase("my account XXXX XXXX was closed on XX/XX/2019")]
    [TestCase("I paid {$1200.00} on 2019-10-25, reference 4111 1111 1111 1112")] // fails the Luhn check
    [TestCase("complaint 3384392 about zip 335XX")]
    [TestCase("session 01845f2e3c7b4e74 at 1584310311959")] // hex id and epoch milliseconds
    public void Redact_NoPersonalData_LeavesTextAsItIs(string text)
    {
        Assert.That(PiiRedactor.Redact(text), Is.EqualTo(text));
    }

    [TestCase("4111111111111111", true)]
    [TestCase("5500 0000 0000 0004", true)]
    [TestCase("4111111111111112", false)]
    [TestCase("1234", false)]
    public void PassesLuhn_Number_MatchesTheCheckDigit(string number, bool expected)
    {
        Assert.That(PiiRedactor.PassesLuhn(number), Is.EqualTo(expected));
    }
}
