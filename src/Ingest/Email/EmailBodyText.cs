using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Text;

namespace Pipeline.Ingest.Email;

/// <summary>
/// Turns an e-mail body into what the customer wrote in this message: HTML converted to text,
/// quoted reply history and signatures removed, whitespace tidied.
/// </summary>
public static partial class EmailBodyText
{
    /// <summary>HTML to plain text: block elements become line breaks, scripts, styles and quoted blocks are dropped.</summary>
    public static string FromHtml(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skipDepth = 0;
        var quoteDepth = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlDataToken data when skipDepth == 0 && quoteDepth == 0:
                    text.Append(data.Data);
                    break;
                case HtmlTagToken tag:
                    switch (tag.Id)
                    {
                        case HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title:
                            if (!tag.IsEmptyElement)
                            {
                                skipDepth = Math.Max(0, skipDepth + (tag.IsEndTag ? -1 : 1));
                            }

                            break;
                        case HtmlTagId.BlockQuote:
                            quoteDepth = Math.Max(0, quoteDepth + (tag.IsEndTag ? -1 : 1));
                            break;
                        case HtmlTagId.Br:
                            text.Append('\n');
                            break;
                        case HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI or HtmlTagId.TR or HtmlTagId.H1 or HtmlTagId.H2
                            or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.Table or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.HR:
                            // A block boundary is one line break, however many tags meet there.
                            if (text.Length > 0 && text[^1] != '\n')
                            {
                                text.Append('\n');
                            }

                            break;
                        case HtmlTagId.TD or HtmlTagId.TH:
                            text.Append(' ');
                            break;
                    }

                    break;
            }
        }

        return Tidy(text.ToString());
    }

    /// <summary>Removes quoted history ("&gt;" lines, "On … wrote:", Outlook headers) and the signature.</summary>
    public static string StripQuotesAndSignature(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimEnd();
            if (IsReplyHeader(lines, i) || IsSignatureDelimiter(trimmed))
            {
                break;
            }

            if (trimmed.TrimStart().StartsWith('>'))
            {
                continue;
            }

            kept.Add(line);
        }

        TrimSignOff(kept);
        return Tidy(string.Join('\n', kept));
    }

    private static bool IsReplyHeader(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (OriginalMessage().IsMatch(line) || OutlookSeparator().IsMatch(line) || RussianWrote().IsMatch(line))
        {
            return true;
        }

        // "On Mon, 4 Feb 2019 at 10:02, Jane <jane@example.com> wrote:" (mail clients wrap it onto two lines).
        if (line.StartsWith("On ", StringComparison.Ordinal))
        {
            if (line.EndsWith("wrote:", StringComparison.Ordinal))
            {
                return true;
            }

            if (i + 1 < lines.Length && lines[i + 1].Trim().EndsWith("wrote:", StringComparison.Ordinal))
            {
                return true;
            }
        }

        // Outlook: "From: …" followed shortly by "Sent:"/"Date:" and "To:"/"Subject:".
        if (HeaderFrom().IsMatch(line))
        {
            for (var j = i + 1; j < Math.Min(lines.Length, i + 5); j++)
            {
                if (HeaderSentOrDate().IsMatch(lines[j].Trim()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsSignatureDelimiter(string line) =>
        line is "--" or "-- " or "—" || MobileFooter().IsMatch(line.Trim());

    /// <summary>Drops a closing sign-off ("Regards,\nJane Doe\nAcme Ltd") when only a few short lines follow it.</summary>
    private static void TrimSignOff(List<string> lines)
    {
        var last = lines.FindLastIndex(l => l.Trim().Length > 0);
        for (var i = last; i >= 0 && i >= last - 6; i--)
        {
            if (SignOff().IsMatch(lines[i].Trim()))
            {
                var tail = lines.Skip(i + 1).Take(last - i);
                if (tail.All(l => l.Trim().Length <= 60))
                {
                    lines.RemoveRange(i, lines.Count - i);
                }

                return;
            }
        }
    }

    /// <summary>Trims each line, collapses runs of blank lines and spaces.</summary>
    public static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\u00A0', ' ').Split('\n')
            .Select(l => Spaces().Replace(l, " ").Trim());
        var result = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Forwarded message|Исходное сообщение|Пересылаемое сообщение)\s*-{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^_{10,}$")]
    private static partial Regex OutlookSeparator();

    [GeneratedRegex(@"(пишет|написал|написала):\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RussianWrote();

    [GeneratedRegex(@"^\*?(From|От):\*?\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|Отправлено|Дата):\*?\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderSentOrDate();

    [GeneratedRegex(@"^(Sent from my \w+|Sent from Mail for Windows|Get Outlook for \w+|Отправлено с (iPhone|iPad|Android)|Отправлено из мобильной)", RegexOptions.IgnoreCase)]
    private static partial Regex MobileFooter();

    [GeneratedRegex(@"^(Best regards|Kind regards|Warm regards|Regards|Best|Sincerely|Yours sincerely|Yours truly|Thank you|Thanks|Many thanks|Cheers|С уважением|Спасибо|С наилучшими пожеланиями)[,.!]?$", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
