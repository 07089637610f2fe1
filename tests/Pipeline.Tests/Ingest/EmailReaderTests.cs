using System.Text;
using Pipeline.Core.Ingest;
using Pipeline.Ingest.Email;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

public class EmailReaderTests
{
    static EmailReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static EmailReader CreateSut() => new(new EmailOptions());

    private static string Message(string body, string headers = "", string contentType = "text/plain; charset=utf-8", string encoding = "8bit") => $"""
        From: Jane Doe <Jane.Doe@example.com>
        To: Care <care@bank.example>
        Subject: Charged twice
        Date: Tue, 04 Jun 2019 14:41:00 -0400
        Message-ID: <m1@example.com>
        {headers}MIME-Version: 1.0
        Content-Type: {contentType}
        Content-Transfer-Encoding: {encoding}

        {body}
        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    [Test]
    public async Task ReadAsync_PlainMessage_MapsHeadersAndKeepsOffset()
    {
        var record = (await Read.TextAsync(CreateSut(), Message("I was charged twice for one payment."), "a.eml")).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("I was charged twice for one payment."));
        Assert.That(record.Subject, Is.EqualTo("Charged twice"));
        Assert.That(record.ReceivedAt, Is.EqualTo(new DateTimeOffset(2019, 6, 4, 14, 41, 0, TimeSpan.FromHours(-4))));
        Assert.That(record.ReceivedAt.Offset, Is.EqualTo(TimeSpan.FromHours(-4)));
        Assert.That(record.SourceKey, Is.EqualTo("message-id:m1@example.com"));
        Assert.That(record.CustomerIdentifiers.Single(), Is.EqualTo(new CustomerIdentifier("email", "Jane.Doe@example.com")));
        Assert.That(record.Metadata["Message-ID"], Is.EqualTo("m1@example.com"));
    }

    [Test]
    public async Task ReadAsync_QuotedReplyAndSignature_AreStripped()
    {
        var body = """
            Your fee is wrong and I want it refunded.
            Please call me.

            --
            Jane Doe
            Phone: (555) 201-1000

            On Sun, 02 Jun 2019 14:41:00 -0400, Customer Care <care@bank.example> wrote:
            > We are sorry to hear about your experience.
            """;

        var record = (await Read.TextAsync(CreateSut(), Message(body, "In-Reply-To: <care1@bank.example>\nReferences: <care0@bank.example> <care1@bank.example>\n"))).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("Your fee is wrong and I want it refunded.\nPlease call me."));
        Assert.That(record.Metadata["In-Reply-To"], Is.EqualTo("care1@bank.example"));
        Assert.That(record.Metadata["References"], Is.EqualTo("care0@bank.example care1@bank.example"));
    }

    [TestCase("Thanks for nothing.\n\nOn Mon, Jun 3, 2019 at 9:00 AM Care Team <care@bank.example>\nwrote:\n> Hello", "Thanks for nothing.")]
    [TestCase("Still broken.\n\n-----Original Message-----\nFrom: Care\nSent: Monday\n\nHello", "Still broken.")]
    [TestCase("Still broken.\n\nFrom: Care Team <care@bank.example>\nSent: Monday, June 3, 2019 9:00 AM\nTo: Jane\n\nHello", "Still broken.")]
    [TestCase("Деньги так и не вернули.\n\nС уважением,\nИван\n\n03.06.2019, 9:00, Служба поддержки пишет:\n> Здравствуйте", "Деньги так и не вернули.")]
    [TestCase("Fix it now.\n\nSent from my iPhone", "Fix it now.")]
    [TestCase("Fix it now.\n\nRegards,\nJane Doe\nAcme Ltd", "Fix it now.")]
    public void StripQuotesAndSignature_ReplyText_KeepsOnlyTheNewWords(string text, string expected)
    {
        Assert.That(EmailBodyText.StripQuotesAndSignature(text), Is.EqualTo(expected));
    }

    [Test]
    public async Task ReadAsync_HtmlOnly_ConvertsToTextWithoutScriptStyleOrQuote()
    {
        var html = "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>My card &amp; account were closed.</p><div>No&nbsp;notice given!</div>" +
                   "<div class=\"gmail_quote\"><blockquote>Earlier reply from the bank</blockquote></div></body></html>";

        var record = (await Read.TextAsync(CreateSut(), Message(html, contentType: "text/html; charset=utf-8"))).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("My card & account were closed.\nNo notice given!"));
        Assert.That(record.Metadata["Body-Format"], Is.EqualTo("html"));
    }

    [TestCase("windows-1251")]
    [TestCase("koi8-r")]
    public async Task ReadAsync_CyrillicCharset_DecodesBody(string charset)
    {
        const string russian = "Банк списал комиссию без предупреждения, верните деньги!";
        var head = Encoding.ASCII.GetBytes(Message("BODY", contentType: $"text/plain; charset={charset}")).AsSpan();
        var text = Encoding.ASCII.GetString(head);
        var bytes = Encoding.ASCII.GetBytes(text[..text.IndexOf("BODY", StringComparison.Ordinal)])
            .Concat(Encoding.GetEncoding(charset).GetBytes(russian + "\n")).ToArray();

        var record = (await Read.BytesAsync(CreateSut(), bytes)).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo(russian));
    }

    [Test]
    public async Task ReadAsync_Latin1QuotedPrintableAndEncodedSubject_Decodes()
    {
        var message = Message("Le pr=E9l=E8vement a =E9t=E9 fait deux fois.", contentType: "text/plain; charset=iso-8859-1", encoding: "quoted-printable")
            .Replace("Subject: Charged twice", "Subject: =?koi8-r?B?8NLP0MHMySDExc7Yx8k=?=", StringComparison.Ordinal);

        var record = (await Read.TextAsync(CreateSut(), message)).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("Le prélèvement a été fait deux fois."));
        Assert.That(record.Subject, Does.Contain("Пропали"));
    }

    [Test]
    public async Task ReadAsync_Attachments_AreCountedNotStored()
    {
        var multipart = """
            --b1
            Content-Type: text/plain; charset=utf-8

            See the statement attached.
            --b1
            Content-Type: application/pdf; name="statement.pdf"
            Content-Disposition: attachment; filename="statement.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQKJSBzYW1wbGUK
            --b1--
            """;

        var record = (await Read.TextAsync(CreateSut(), Message(multipart, contentType: "multipart/mixed; boundary=\"b1\""))).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("See the statement attached."));
        Assert.That(record.Metadata["Attachments"], Is.EqualTo("1"));
        Assert.That(record.Metadata.Values, Has.None.Contains("JVBERi0"));
    }

    [TestCase("Subject: [#48213] Re: fees\n", "", "48213")]
    [TestCase("Subject: fees\n", "X-Ticket-ID: T-9\n", "T-9")]
    [TestCase("Subject: [#48213] fees\n", "X-Ticket-ID: T-9\n", "T-9")]
    [TestCase("Subject: fees\n", "", null)]
    public async Task ReadAsync_TicketInSubjectOrHeader_IsTheTicketId(string subject, string header, string? expected)
    {
        var message = Message("Fix my fees.", header).Replace("Subject: Charged twice\n", subject, StringComparison.Ordinal);

        var record = (await Read.TextAsync(CreateSut(), message)).Accepted().Single();

        Assert.That(record.TicketId, Is.EqualTo(expected));
    }

    [Test]
    public async Task ReadAsync_Mbox_ReadsEveryMessageWithItsOffset()
    {
        var mbox = "From MAILER-DAEMON Tue Jun 04 18:41:00 2019\n" + Message("First.") + "\n\n" +
                   "From MAILER-DAEMON Wed Jun 05 18:41:00 2019\n" + Message("Second.\n>From the bank I heard nothing.").Replace("<m1@", "<m2@", StringComparison.Ordinal) + "\n";

        var records = (await Read.TextAsync(CreateSut(), mbox, "inbox.mbox")).Accepted();

        Assert.That(records.Select(r => r.Text), Is.EqualTo(new[] { "First.", "Second." }));
        Assert.That(records[1].Source.Locator, Does.StartWith("message 2 at byte"));
    }

    [Test]
    public async Task ReadAsync_ShippedEmails_AreAllAcceptedWithText()
    {
        var dir = Path.Combine(TestPaths.Data, "emails");
        var records = new List<SourceRecord>();
        foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            var outcomes = await Read.FileAsync(CreateSut(), file);
            Assert.That(outcomes.Rejected(), Is.Empty, file);
            records.AddRange(outcomes.Accepted());
        }

        Assert.That(records, Has.Count.EqualTo(36));
        Assert.That(records, Has.All.Matches<SourceRecord>(r => r.Text!.Length > 100));
        Assert.That(records.Select(r => r.Text), Has.None.Contains("wrote:").And.None.Contains("Sent from my iPhone").And.None.Contains("С уважением"));
        Assert.That(records.Count(r => r.TicketId is not null), Is.GreaterThanOrEqualTo(12));
    }

    [Test]
    public async Task ReadAsync_EmptyBody_IsRejected()
    {
        var rejected = (await Read.TextAsync(CreateSut(), Message("\n\n-- \nJane"))).Rejected().Single();

        Assert.That(rejected.Reason, Does.Contain("empty"));
    }

    [Test]
    public async Task ReadAsync_NoDateHeader_IsRejected()
    {
        var rejected = (await Read.TextAsync(CreateSut(), Message("Hello").Replace("Date: Tue, 04 Jun 2019 14:41:00 -0400\n", "", StringComparison.Ordinal))).Rejected().Single();

        Assert.That(rejected.Reason, Does.Contain("Date header"));
    }

    [Test]
    public async Task ReadAsync_NotMime_IsRejectedAsInvalid()
    {
        var outcomes = await Read.TextAsync(CreateSut(), "this is just a note\nwith no headers at all\n", "note.eml");

        Assert.That(outcomes.Rejected().Single().Reason, Does.Contain("invalid MIME message"));
    }
}
