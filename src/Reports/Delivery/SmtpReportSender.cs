using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Pipeline.Reports.Delivery;

/// <summary>Sends a week's report through the configured SMTP server (MailKit). A failure propagates with the server's words.</summary>
public sealed class SmtpReportSender(ReportMailOptions options, Func<string, string?> environment, ILogger<SmtpReportSender> logger)
{
    public async Task SendAsync(ReportResult report, IReadOnlyCollection<string> to, CancellationToken cancellationToken)
    {
        var problems = options.Problems(to, environment).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        using var message = ReportMail.Create(report, options.From, to);
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        var security = options.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(options.Host, options.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(options.User))
        {
            await client.AuthenticateAsync(options.User, environment(options.PasswordVariable)!, cancellationToken).ConfigureAwait(false);
        }

        var answer = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Mailed the report of {Week} to {Recipients} through {Host}:{Port}: {Answer}", report.Week, string.Join(", ", to), options.Host, options.Port, answer);
    }
}
