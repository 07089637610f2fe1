using System.Text;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// A whole run with planted personal data in every channel's text, headers and a quarantined row, and known secrets in
/// the settings: no output of any command (stdout, stderr with debug logging) and no file the pipeline writes (the
/// store with its WAL, the reports, the export, the bump sink's files) holds any of them.
/// </summary>
public class LeakTests
{
    private const string Token = "tok-5b9e-SECRET-helpdesk";
    private const string WebhookSecret = "whs-SECRET-77aa-webhook";
    private const string CustomerKey = "ck-SECRET-0123456789abcdef";
    private const string SmtpPassword = "smtp-SECRET-pw-31";

    /// <summary>Each planted datum as written in the inputs, and the forms it could be stored in once normalised.</summary>
    private static readonly string[] Planted =
    [
        "planted.person@example.org", "planted.person", "+44 20 7946 0958", "020 7946 0958", "2079460958", "+49 30 1234567", "30 1234567",
        "+33 1 23 45 67 89", "23 45 67 89", "(415) 555-0134", "555-0134", "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111",
        "219-09-9999", "219099999", "+7 (495) 123-45-67",
    ];

    private static readonly string[] Secrets = [Token, WebhookSecret, CustomerKey, SmtpPassword];

    [Test]
    public async Task EveryCommand_PlantedPersonalDataAndSecrets_AppearInNoOutputAndNoFileWritten()
    {
        var scratch = TestPaths.NewScratch("leak");
        var inputs = Directory.CreateDirectory(Path.Combine(scratch, "inputs")).FullName;
        WriteInputs(inputs);
        var models = await SharedModels.DirectoriesAsync();
        await using var desk = await FakeHelpdesk.StartAsync(Token);
        desk.Priorities["48123"] = "normal";
        var store = "sqlite:" + Path.Combine(scratch, "p.db");
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_Store__ConnectionString"] = store,
            ["PIPELINE_Privacy__CustomerKey"] = CustomerKey,
            ["PIPELINE_Privacy__CustomerKeyFile"] = Path.Combine(scratch, "unused.key"),
            ["PIPELINE_Sentiment__ModelDirectory"] = models.Sentiment,
            ["PIPELINE_Topics__ModelDirectory"] = models.Topics,
            ["PIPELINE_Topics__LabelsFile"] = Path.Combine(scratch, "topic-labels.json"),
            ["PIPELINE_Reports__OutputDirectory"] = Path.Combine(scratch, "reports"),
            ["PIPELINE_Reports__FontDirectory"] = Path.Combine(TestPaths.Data, "fonts"),
            ["PIPELINE_Feedback__Sink"] = "http",
            ["PIPELINE_Feedback__Http__BaseUrl"] = desk.BaseAddress.ToString(),
            ["PIPELINE_Feedback__MaxWaitSeconds"] = "0",
            ["PIPELINE_HELPDESK_TOKEN"] = Token,
            ["PIPELINE_WEBHOOK_SECRET"] = WebhookSecret,
            ["PIPELINE_SMTP_PASSWORD"] = SmtpPassword,
            ["PIPELINE_Logging__LogLevel__Default"] = "Debug",
            ["CI"] = "true",
        };

        var commands = new[]
        {
            new[] { "ingest", inputs },
            ["score"],
            ["dispatch"],
            ["report", "--week", "2019-W23"],
            ["export", "--week", "2019-W23", "--out", Path.Combine(scratch, "export", "week.csv")],
            ["quarantine"],
            ["bumps"],
            ["bumps", "--id", "1"],
            ["topics"],
        };
        var printed = new StringBuilder();
        foreach (var command in commands)
        {
            var result = await CliProcess.RunAsync(scratch, environment, command);
            Assert.That(result.ExitCode, Is.Zero, $"{string.Join(' ', command)}: {result.Stderr}");
            printed.Append(result.Stdout).Append(result.Stderr);
        }

        // The run did see what was planted: the mail was linked, scored and bumped, the bad row quarantined.
        Assert.That(printed.ToString(), Does.Contain("1 quarantined"), "the broken row was set aside (its redacted text is in the store)");
        Assert.That(desk.Applied.Keys, Is.EquivalentTo(new[] { "48123" }), "the planted angry mail was bumped");

        var written = Directory.GetFiles(scratch, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(inputs, StringComparison.Ordinal))
            .ToList();
        Assert.That(written.Select(Path.GetFileName), Does.Contain("p.db").And.Contain("report.html").And.Contain("week.csv"));
        Assert.Multiple(() =>
        {
            foreach (var secret in Secrets.Concat(Planted))
            {
                Assert.That(printed.ToString(), Does.Not.Contain(secret), $"printed by a command: {secret}");
                foreach (var file in written)
                {
                    var bytes = File.ReadAllBytes(file);
                    Assert.That(Contains(bytes, Encoding.UTF8.GetBytes(secret)), Is.False, $"{Path.GetRelativePath(scratch, file)} holds {secret}");
                }
            }
        });
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static void WriteInputs(string folder)
    {
        const string header = "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent provided?,Submitted via,Date sent to company,Company response to consumer,Timely response?,Consumer disputed?,Complaint ID";
        var rows = new[]
        {
            Row("2019-06-04", "Write to planted.person@example.org or call +44 20 7946 0958, or 020 7946 0958 at the office. My card 4111 1111 1111 1111 was charged twice and my SSN 219-09-9999 was printed on the letter.", "91000001"),
            Row("2019-06-05", "Rufen Sie +49 30 1234567 an, or appelez le +33 1 23 45 67 89, or (415) 555-0134, or мой номер +7 (495) 123-45-67. The fee 4111-1111-1111-1111 is wrong.", "91000002"),
        };
        var broken = "2019-06-06,Mortgage,\"unclosed quote with planted.person@example.org and 4111 1111 1111 1111 and 219-09-9999";
        File.WriteAllText(Path.Combine(folder, "planted.csv"), header + "\n" + string.Join("\n", rows) + "\n" + broken + "\n", new UTF8Encoding(false));

        File.WriteAllText(Path.Combine(folder, "planted.eml"), """
            From: Planted Person <planted.person@example.org>
            To: Customer Care <care@bank.example>
            Subject: [#48123] Call me on +44 20 7946 0958 about card 4111 1111 1111 1111
            Date: Tue, 04 Jun 2019 14:41:00 -0400
            Message-ID: <planted-1@example.org>
            Content-Type: text/plain; charset="utf-8"

            This is outrageous and I am furious. You stole my money, charged card 4111 1111 1111 1111 twice and sent my
            SSN 219-09-9999 to a stranger. I will sue you, my lawyer is filing in court and I am going to the news.
            Call me on (415) 555-0134 or write to planted.person@example.org today.
            """.Replace("\n", "\r\n", StringComparison.Ordinal), new UTF8Encoding(false));

        static string Row(string date, string narrative, string id) =>
            $"{date},Credit card,General-purpose credit card,Billing dispute,,\"{narrative}\",,BANK OF EXAMPLE,CA,94110,,Consent provided,Web,{date},Closed with explanation,Yes,N/A,{id}";
    }
}
