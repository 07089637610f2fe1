using Pipeline.Core.Ingest;
using Pipeline.Ingest.Complaints;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

public class ComplaintCsvReaderTests
{
    private const string Header = "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID\n";

    private static string Row(string date = "2019-09-24", string narrative = "\"They called me at work, again.\"", string id = "3384392") =>
        $"{date},Debt collection,I do not know,Attempts to collect debt not owed,Debt is not yours,{narrative},,TRANSWORLD SYSTEMS INC,FL,335XX,,Consent provided,Web,2019-09-24,Closed with explanation,Yes,N/A,{id}\n";

    [Test]
    public async Task ReadAsync_CfpbSample_ReadsEveryRowAndKeepsRowsWithoutNarrative()
    {
        var outcomes = await Read.FileAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), Path.Combine(TestPaths.Data, "complaints", "cfpb_complaints_sample.csv"));

        var records = outcomes.Accepted();
        Assert.That(outcomes.Rejected(), Is.Empty);
        Assert.That(records, Has.Count.EqualTo(6623));
        Assert.That(records.Count(r => !string.IsNullOrWhiteSpace(r.Text)), Is.EqualTo(1532));
        Assert.That(records.Select(r => r.SourceKey).Distinct().Count(), Is.EqualTo(6623));
    }

    [Test]
    public async Task ReadAsync_MultiLineNarrative_MapsEveryField()
    {
        var csv = Header + Row(narrative: "\"transworld systems inc. \nis trying to collect a debt that is not mine, \"\"not owed\"\".\"");

        var record = (await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), csv)).Accepted().Single();

        Assert.That(record.Text, Is.EqualTo("transworld systems inc. \nis trying to collect a debt that is not mine, \"not owed\"."));
        Assert.That(record.ReceivedAt, Is.EqualTo(new DateTimeOffset(2019, 9, 24, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(record.Product, Is.EqualTo("Debt collection"));
        Assert.That(record.Issue, Is.EqualTo("Attempts to collect debt not owed"));
        Assert.That(record.Company, Is.EqualTo("TRANSWORLD SYSTEMS INC"));
        Assert.That(record.TicketId, Is.EqualTo("3384392"));
        Assert.That(record.SourceKey, Is.EqualTo("3384392"));
        Assert.That(record.Source.Locator, Is.EqualTo("row 2, lines 2-3"));
        Assert.That(record.Metadata["State"], Is.EqualTo("FL"));
        Assert.That(record.Metadata, Does.Not.ContainKey("Consumer complaint narrative"));
    }

    [Test]
    public async Task ReadAsync_NoNarrative_IsKeptWithoutText()
    {
        var record = (await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), Header + Row(narrative: ""))).Accepted().Single();

        Assert.That(record.Text, Is.Null);
    }

    [Test]
    public async Task ReadAsync_TruncatedLastRow_RejectsItWithItsRowAndKeepsTheRest()
    {
        var csv = Header + Row(id: "1") + "2019-09-25,Debt collection,I do not know,Attempts";

        var outcomes = await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), csv);

        Assert.That(outcomes.Accepted(), Has.Count.EqualTo(1));
        var rejected = outcomes.Rejected().Single();
        Assert.That(rejected.Reason, Does.Contain("expected 18 fields, found 4"));
        Assert.That(rejected.Source.Locator, Does.StartWith("row 3"));
        Assert.That(rejected.Raw, Does.Contain("2019-09-25,Debt collection"));
    }

    [Test]
    public async Task ReadAsync_WrongColumnCount_RejectsTheRow()
    {
        var csv = Header + Row(id: "1") + Row(id: "2").Replace("FL,335XX", "FL,extra,335XX", StringComparison.Ordinal) + Row(id: "3");

        var outcomes = await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), csv);

        Assert.That(outcomes.Accepted().Select(r => r.SourceKey), Is.EqualTo(new[] { "1", "3" }));
        Assert.That(outcomes.Rejected().Single().Reason, Does.Contain("expected 18 fields, found 19"));
    }

    [Test]
    public async Task ReadAsync_StrayQuoteInUnquotedField_RejectsTheRow()
    {
        var csv = Header + Row(id: "1", narrative: "He said \"pay now\" twice") + Row(id: "2");

        var outcomes = await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), csv);

        Assert.That(outcomes.Accepted().Select(r => r.SourceKey), Is.EqualTo(new[] { "2" }));
        Assert.That(outcomes.Rejected().Single().Reason, Does.Contain("quote"));
    }

    [Test]
    public async Task ReadAsync_UnbalancedQuote_QuarantinesWhatItSwallowsWithTheRawText()
    {
        // The narrative's opening quote is never closed: the parser runs on to the end of the file.
        var csv = Header + Row(id: "1") + Row(id: "2", narrative: "\"never closed, then more text") + Row(id: "3");

        var outcomes = await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), csv);

        Assert.That(outcomes.Accepted().Select(r => r.SourceKey), Is.EqualTo(new[] { "1" }));
        var rejected = outcomes.Rejected().Single();
        Assert.That(rejected.Reason, Does.Contain("unbalanced quote"));
        Assert.That(rejected.Raw, Does.Contain("never closed").And.Contain(",3\n"), "nothing is lost: the swallowed rows stay in the raw text");
    }

    [Test]
    public async Task ReadAsync_UnparseableDate_RejectsInsteadOfGuessing()
    {
        var csv = Header + Row(date: "2019-13-45", id: "1") + Row(date: "09/24/2019", id: "2") + Row(id: "3");

        var outcomes = await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), csv);

        Assert.That(outcomes.Accepted().Select(r => r.SourceKey), Is.EqualTo(new[] { "3" }));
        Assert.That(outcomes.Rejected().Select(r => r.Reason), Has.All.Contains("does not match the date format yyyy-MM-dd"));
        Assert.That(outcomes.Rejected().First().Reason, Does.Contain("'2019-13-45' in 'Date received'"));
    }

    [Test]
    public async Task ReadAsync_MappingWithDateFormatAndEmptyToken_ReadsPaydayVariant()
    {
        var mapping = ComplaintMapping.Load(Path.Combine(TestPaths.Data, "mappings", "cfpb-mmddyy-none.json"));

        var outcomes = await Read.FileAsync(new ComplaintCsvReader(mapping), Path.Combine(TestPaths.Data, "complaints-mmddyy", "payday_2025_mmddyy_None.csv"));

        var records = outcomes.Accepted();
        Assert.That(records, Has.Count.EqualTo(131));
        Assert.That(outcomes.Rejected(), Is.Empty);
        Assert.That(records[0].ReceivedAt, Is.EqualTo(new DateTimeOffset(2025, 4, 4, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(records[0].Metadata["Sub-issue"], Is.Empty, "'None' means empty");
        Assert.That(records.Min(r => r.ReceivedAt), Is.GreaterThanOrEqualTo(new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task ReadAsync_PaydayVariantWithoutMapping_RejectsEveryRowForItsDate()
    {
        var outcomes = await Read.FileAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), Path.Combine(TestPaths.Data, "complaints-mmddyy", "payday_2025_mmddyy_None.csv"));

        Assert.That(outcomes.Accepted(), Is.Empty);
        Assert.That(outcomes.Rejected(), Has.Count.EqualTo(131));
    }

    [Test]
    public async Task ReadAsync_RenamedHeadersThroughMapping_ReadsOtherLayout()
    {
        var dir = TestPaths.NewScratch();
        var mappingPath = Path.Combine(dir, "mapping.json");
        await File.WriteAllTextAsync(mappingPath, """
            { "columns": { "receivedAt": "Opened", "text": "Body", "product": "Line", "issue": "", "company": "", "sourceKey": "Case", "ticketId": "Case", "email": "Email" },
              "dateFormats": ["dd-MM-yyyy"], "emptyTokens": ["N/A"], "timeZone": "Europe/Moscow" }
            """);
        var csv = "Case,Opened,Line,Body,Email\nA-1,02-10-2019,Cards,Списали деньги дважды,ivan@example.ru\nA-2,03-10-2019,N/A,N/A,\n";

        var records = (await Read.TextAsync(new ComplaintCsvReader(ComplaintMapping.Load(mappingPath)), csv)).Accepted();

        Assert.That(records, Has.Count.EqualTo(2));
        Assert.That(records[0].ReceivedAt, Is.EqualTo(new DateTimeOffset(2019, 10, 2, 0, 0, 0, TimeSpan.FromHours(3))));
        Assert.That(records[0].Text, Is.EqualTo("Списали деньги дважды"));
        Assert.That(records[0].CustomerIdentifiers.Single(), Is.EqualTo(new CustomerIdentifier("email", "ivan@example.ru")));
        Assert.That(records[0].Metadata, Does.Not.ContainKey("Email"), "identifiers are never kept as metadata");
        Assert.That(records[1].Text, Is.Null);
        Assert.That(records[1].Product, Is.Null);
    }

    [Test]
    public void ReadAsync_HeaderWithoutMappedColumn_ThrowsNamingColumnAndKey()
    {
        var reader = new ComplaintCsvReader(ComplaintMapping.Cfpb);

        Assert.That(async () => await Read.TextAsync(reader, "id,date,text\n1,2019-01-01,hello\n"),
            Throws.TypeOf<UnreadableSourceException>().With.Message.Contains("'Date received' (columns.receivedAt)").And.Message.Contains("--mapping"));
    }

    [Test]
    public void Load_MappingWithErrors_ReportsEveryErrorAtOnce()
    {
        var path = Path.Combine(TestPaths.NewScratch(), "bad.json");
        File.WriteAllText(path, """{ "dateFormats": [], "timeZone": "Mars/Olympus", "encoding": "klingon" }""");

        Assert.That(() => ComplaintMapping.Load(path), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("dateFormats").And.Message.Contains("Mars/Olympus").And.Message.Contains("klingon"));
    }

    [Test]
    public void ReadAsync_InvalidUtf8_ThrowsUnreadableWithWhatToDo()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Header).Concat(new byte[] { 0x32, 0x30, 0xC3, 0x28, 0xFF, 0x0A }).ToArray();

        Assert.That(async () => await Read.BytesAsync(new ComplaintCsvReader(ComplaintMapping.Cfpb), bytes),
            Throws.TypeOf<UnreadableSourceException>().With.Message.Contains("UTF-8"));
    }
}
