using System.Text;
using MimeKit;

namespace Pipeline.Reports.Delivery;

/// <summary>
/// The e-mail of a week's report: its five sentences in the body (plain text), report.html attached (self-contained:
/// it opens from the mail as it does from the folder) and summary.json for machines.
/// </summary>
public static class ReportMail
{
    public static MimeMessage Create(ReportResult report, string from, IReadOnlyCollection<string> to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in to)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = $"Weekly complaint report {report.Week}: {(report.Flagged == 1 ? "1 flagged change" : $"{report.Flagged} flagged changes")}";
        var text = new StringBuilder();
        text.Append("The weekly complaint report of ").Append(report.Week).Append(" (attached: report.html, which opens in any browser).\n\n");
        foreach (var (line, n) in report.Headlines.Select((h, i) => (h, i + 1)))
        {
            text.Append(n).Append(". ").Append(line).Append('\n');
        }

        text.Append('\n').Append(report.Flagged).Append(" flagged changes of ").Append(report.Tests).Append(" tests. Written to ")
            .Append(Path.Combine(report.Directory, "report.html")).Append(".\n");
        var body = new BodyBuilder { TextBody = text.ToString() };
        body.Attachments.Add(Path.Combine(report.Directory, "report.html"), ContentType.Parse("text/html; charset=utf-8"));
        body.Attachments.Add(Path.Combine(report.Directory, "summary.json"), ContentType.Parse("application/json"));
        message.Body = body.ToMessageBody();
        return message;
    }
}
