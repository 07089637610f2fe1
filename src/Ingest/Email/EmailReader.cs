using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Pipeline.Core;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Email;

/// <summary>
/// Where an e-mail becomes a record. Reads one .eml message or every message of an mbox file, streaming
/// (MimeKit's parser never holds more than the current message). The text is what the customer wrote in
/// this message: the plain-text part (else the HTML part as text) without quoted history or signature.
/// Attachments are counted, not stored. Message-ID is the dedup key; In-Reply-To and References are kept
/// for thread linking; the From address becomes the customer key.
/// </summary>
public sealed class EmailReader : IInteractionReader
{
    private readonly EmailOptions _options;
    private readonly Regex _ticketPattern;

    static EmailReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public EmailReader(EmailOptions options)
    {
        _options = options;
        _ticketPattern = new Regex(options.TicketSubjectPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public Channel Channel => Channel.Email;

    public async IAsyncEnumerable<ReadOutcome> ReadAsync(string path, Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var isMbox = await LooksLikeMboxAsync(content, cancellationToken).ConfigureAwait(false);
        var parser = new MimeParser(content, isMbox ? MimeFormat.Mbox : MimeFormat.Entity, persistent: false);
        var index = 0;
        string? invalid = null;
        while (!parser.IsEndOfStream)
        {
            cancellationToken.ThrowIfCancellationRequested();
            index++;
            MimeMessage message;
            try
            {
                message = await parser.ParseMessageAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex) when (isMbox)
            {
                // The rest of an mbox cannot be resynchronised once the parser has lost its place.
                throw new UnreadableSourceException(path, $"message {index} of the mbox cannot be parsed ({ex.Message}); the {index - 1} messages before it were read.", ex);
            }
            catch (FormatException ex)
            {
                invalid = ex.Message;
                break;
            }

            var location = new SourceLocation(path, isMbox
                ? string.Create(CultureInfo.InvariantCulture, $"message {index} at byte {parser.MboxMarkerOffset}")
                : "message");
            yield return ToOutcome(message, location);
            if (!isMbox)
            {
                yield break;
            }
        }

        if (invalid is not null)
        {
            // One .eml file is one message: a message MimeKit cannot parse is quarantined with its bytes as text.
            content.Position = 0;
            var raw = new char[QuarantinedItem.MaxRawLength];
            using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            var length = await reader.ReadBlockAsync(raw, cancellationToken).ConfigureAwait(false);
            yield return new ReadOutcome.Rejected(new QuarantinedItem(new SourceLocation(path, "message"), $"invalid MIME message: {invalid}", new string(raw, 0, length)));
        }
    }

    private ReadOutcome ToOutcome(MimeMessage message, SourceLocation location)
    {
        var headers = message.Headers;
        if (headers.Count == 0 || (!headers.Contains(HeaderId.From) && !headers.Contains(HeaderId.Date) && !headers.Contains(HeaderId.Subject)))
        {
            return Reject(location, "not a valid e-mail: no From, Date or Subject header", message);
        }

        if (!headers.Contains(HeaderId.Date) || message.Date == DateTimeOffset.MinValue)
        {
            return Reject(location, "invalid e-mail: missing or unparseable Date header", message);
        }

        var from = message.From.Mailboxes.FirstOrDefault();
        if (from is null)
        {
            return Reject(location, "invalid e-mail: missing or unparseable From header", message);
        }

        var (body, format) = ExtractBody(message);
        if (string.IsNullOrWhiteSpace(body))
        {
            return Reject(location, format is null
                ? "empty e-mail: no text or HTML body"
                : "e-mail body is empty once quoted history and signature are removed", message);
        }

        var messageId = message.MessageId;
        var sourceKey = !string.IsNullOrWhiteSpace(messageId)
            ? "message-id:" + messageId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{from.Address}\n{message.Date:O}\n{message.Subject}\n{body}")));

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Message-ID"] = messageId ?? string.Empty,
            ["In-Reply-To"] = message.InReplyTo ?? string.Empty,
            ["References"] = string.Join(' ', message.References),
            ["Attachments"] = message.Attachments.Count().ToString(CultureInfo.InvariantCulture),
            ["Body-Format"] = format ?? string.Empty,
            ["From-Domain"] = from.Domain ?? string.Empty,
        };

        return new ReadOutcome.Accepted(new SourceRecord(
            Channel.Email,
            sourceKey,
            message.Date,
            Text: body,
            Subject: message.Subject,
            Product: null,
            Issue: null,
            Company: null,
            CustomerIdentifiers: [new CustomerIdentifier("email", from.Address)],
            TicketId: TicketIdOf(message),
            Source: location,
            Metadata: metadata,
            Turns: []));
    }

    /// <summary>The plain-text part if there is one with text, else the HTML part converted; then quotes and signature removed.</summary>
    private static (string? Body, string? Format) ExtractBody(MimeMessage message)
    {
        var plain = message.TextBody;
        if (!string.IsNullOrWhiteSpace(plain))
        {
            return (EmailBodyText.StripQuotesAndSignature(plain), "text");
        }

        var html = message.HtmlBody;
        if (!string.IsNullOrWhiteSpace(html))
        {
            return (EmailBodyText.StripQuotesAndSignature(EmailBodyText.FromHtml(html)), "html");
        }

        return (null, null);
    }

    private string? TicketIdOf(MimeMessage message)
    {
        if (!string.IsNullOrEmpty(_options.TicketHeader))
        {
            var header = message.Headers[_options.TicketHeader];
            if (!string.IsNullOrWhiteSpace(header))
            {
                return header.Trim();
            }
        }

        var match = _ticketPattern.Match(message.Subject ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var id = match.Groups["id"];
        return id.Success ? id.Value : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
    }

    private static async Task<bool> LooksLikeMboxAsync(Stream content, CancellationToken cancellationToken)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("The e-mail reader needs a seekable stream.", nameof(content));
        }

        var start = content.Position;
        var buffer = new byte[5];
        var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        content.Position = start;
        return read == 5 && buffer.AsSpan().SequenceEqual("From "u8);
    }

    private static ReadOutcome Reject(SourceLocation location, string reason, MimeMessage message)
    {
        var raw = new StringBuilder();
        foreach (var header in message.Headers)
        {
            raw.Append(header.Field).Append(": ").Append(header.Value).Append('\n');
        }

        raw.Append('\n').Append(message.TextBody ?? message.HtmlBody ?? string.Empty);
        var text = raw.ToString();
        return new ReadOutcome.Rejected(new QuarantinedItem(location, reason, text.Length <= QuarantinedItem.MaxRawLength ? text : text[..QuarantinedItem.MaxRawLength]));
    }
}
