using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Pipeline.Reports;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Delivery;
using Pipeline.Reports.Output;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

/// <summary>The weekly report by e-mail, through a real SMTP server on 127.0.0.1.</summary>
public class SmtpReportSenderTests
{
    [Test]
    public async Task SendAsync_RealSmtpPeer_DeliversTheFiveSentencesWithTheReportAttached()
    {
        var report = await WrittenReportAsync();
        await using var peer = SmtpPeer.Start();
        var options = new ReportMailOptions { Host = "127.0.0.1", Port = peer.Port, Security = SmtpSecurity.None, From = "pipeline@example.com" };

        await new SmtpReportSender(options, _ => null, NullLogger<SmtpReportSender>.Instance).SendAsync(report, ["lead@example.com", "Ana <ana@example.com>"], CancellationToken.None);

        var message = peer.Messages.Single();
        Assert.That(message.Subject, Is.EqualTo($"Weekly complaint report {report.Week}: {report.Flagged} flagged changes"));
        Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "lead@example.com", "ana@example.com" }));
        Assert.That(message.TextBody, Does.Contain("1. " + report.Headlines[0]).And.Contain("5. " + report.Headlines[4]));
        var attachments = message.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? "", a => a);
        Assert.That(attachments.Keys, Is.EquivalentTo(new[] { "report.html", "summary.json" }));
        using var html = new MemoryStream();
        await attachments["report.html"].Content!.DecodeToAsync(html);
        Assert.That(System.Text.Encoding.UTF8.GetString(html.ToArray()).ReplaceLineEndings("\n"),
            Is.EqualTo(await File.ReadAllTextAsync(Path.Combine(report.Directory, "report.html"))), "the report as written (a text part travels with CRLF line ends)");
    }

    [Test]
    public async Task SendAsync_NothingListening_FailsWithTheSocketsError()
    {
        var report = await WrittenReportAsync();
        var options = new ReportMailOptions { Host = "127.0.0.1", Port = SmtpPeer.FreePort(), Security = SmtpSecurity.None, From = "pipeline@example.com", TimeoutSeconds = 5 };

        var sender = new SmtpReportSender(options, _ => null, NullLogger<SmtpReportSender>.Instance);

        Assert.That(async () => await sender.SendAsync(report, ["lead@example.com"], CancellationToken.None), Throws.InstanceOf<System.Net.Sockets.SocketException>());
    }

    [TestCase("", "pipeline@example.com", "lead@example.com", "", "Reports:Mail:Host is not set")]
    [TestCase("smtp.example.com", "not an address", "lead@example.com", "", "Reports:Mail:From 'not an address' is not an e-mail address")]
    [TestCase("smtp.example.com", "pipeline@example.com", "", "", "No recipient")]
    [TestCase("smtp.example.com", "pipeline@example.com", "lead@", "", "'lead@' is not an e-mail address")]
    [TestCase("smtp.example.com", "pipeline@example.com", "lead@example.com", "reports", "the environment variable PIPELINE_SMTP_PASSWORD")]
    public void Problems_IncompleteSettings_SayWhatIsMissing(string host, string from, string to, string user, string expected)
    {
        var options = new ReportMailOptions { Host = host, From = from, User = user };

        var problems = options.Problems(to.Length == 0 ? [] : [to], _ => null).ToList();

        Assert.That(problems, Has.Some.Contains(expected));
    }

    [Test]
    public void Problems_Complete_NoneAndThePasswordIsReadFromTheNamedVariable()
    {
        var options = new ReportMailOptions { Host = "smtp.example.com", From = "pipeline@example.com", User = "reports", PasswordVariable = "TEAM_SMTP" };

        var problems = options.Problems(["lead@example.com"], name => name == "TEAM_SMTP" ? "secret" : null);

        Assert.That(problems, Is.Empty);
    }

    private static async Task<ReportResult> WrittenReportAsync()
    {
        var report = await ReportFixture.ReportAsync();
        var folder = TestPaths.NewScratch("mail");
        var files = ReportFolder.Write(report, WeeklyCharts.Render(report), folder);
        return new ReportResult(report.Week, Path.Combine(folder, report.Week.ToString()), files, report.Headlines, report.Flagged.Count(), report.TestCount,
            Path.Combine(folder, ReportIndex.FileName), 1);
    }
}
