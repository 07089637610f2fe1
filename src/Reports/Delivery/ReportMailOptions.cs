using System.ComponentModel.DataAnnotations;

namespace Pipeline.Reports.Delivery;

/// <summary>How a secured SMTP connection is made.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it, else plain (a relay on the same host or network).</summary>
    Auto,

    /// <summary>Plain text, never TLS (a local relay only).</summary>
    None,

    /// <summary>STARTTLS, required (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    Tls,
}

/// <summary>
/// Configuration section <c>Reports:Mail</c>: the SMTP server the week's report is sent through (by <c>report --mail</c>,
/// and by <c>run</c> and the worker's weekly report when <see cref="To"/> is set). The password is never in the
/// configuration: <see cref="PasswordVariable"/> names the environment variable that holds it.
/// </summary>
public sealed class ReportMailOptions
{
    public const string Section = "Reports:Mail";

    /// <summary>The SMTP server's host name; empty: no mail is sent by run or the worker, and report --mail says what is missing.</summary>
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>The account to sign in with; empty: no authentication.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>The environment variable holding <see cref="User"/>'s password.</summary>
    public string PasswordVariable { get; set; } = "PIPELINE_SMTP_PASSWORD";

    /// <summary>The sender's address.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>Who gets each week's report from run and the worker; report --mail names its own.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>How long connecting and each SMTP command may take.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>What is wrong for sending to <paramref name="recipients"/>, all at once (nothing when it can be sent).</summary>
    public IEnumerable<string> Problems(IReadOnlyCollection<string> recipients, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{Section}:Host is not set: name the SMTP server the report is sent through.";
        }

        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return $"{Section}:From '{From}' is not an e-mail address.";
        }

        if (recipients.Count == 0)
        {
            yield return "No recipient: give --mail ADDRESS or set Reports:Mail:To.";
        }

        foreach (var recipient in recipients.Where(r => !MimeKit.MailboxAddress.TryParse(r, out _)))
        {
            yield return $"'{recipient}' is not an e-mail address.";
        }

        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(environment(PasswordVariable)))
        {
            yield return $"{Section}:User is set but the environment variable {PasswordVariable} (Reports:Mail:PasswordVariable) holding the password is not.";
        }
    }
}
