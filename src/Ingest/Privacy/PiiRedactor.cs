using System.Text.RegularExpressions;

namespace Pipeline.Ingest.Privacy;

/// <summary>
/// Replaces personal data in free text with placeholders before anything is stored:
/// e-mail addresses → [EMAIL], card numbers that pass the Luhn check → [CARD],
/// SSN-like numbers (123-45-6789) → [SSN], phone numbers → [PHONE]: every number libphonenumber finds valid, written
/// with its country code (+44 20 7946 0958, +49 30 1234567, +33 1 23 45 67 89) or the national way of one of
/// <see cref="PhoneNumbersInText.Regions"/> (020 7946 0958), then North-American shapes it does not hold valid
/// ((555) 123-4567) and bare ten-digit numbers.
/// CFPB's own masks (XXXX, XX/XX/XXXX) are left exactly as they are.
/// </summary>
public static partial class PiiRedactor
{
    public const string EmailPlaceholder = "[EMAIL]";
    public const string CardPlaceholder = "[CARD]";
    public const string SsnPlaceholder = "[SSN]";
    public const string PhonePlaceholder = "[PHONE]";

    [GeneratedRegex(@"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // 13 to 19 digits, optionally grouped by single spaces or hyphens, starting with a payment-card
    // major industry identifier (2 to 6), and not part of a longer word or number (hex ids, timestamps).
    [GeneratedRegex(@"(?<![\w-])[2-6](?:[ -]?\d){12,18}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex CardCandidate();

    [GeneratedRegex(@"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();

    // North-American and international numbers with separators: (555) 123-4567, 555-123-4567, +1 555 123 4567,
    // +7 (495) 123-45-67, 8 (495) 123-45-67, and bare 10-digit numbers.
    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[ .-]?|\b[18][ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]?\d{2}[ .-]?\d{2}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    /// <summary>Returns the text with personal data replaced; <c>null</c> stays <c>null</c>.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || !ContainsCandidate(text))
        {
            return text;
        }

        var result = Email().Replace(text, EmailPlaceholder);
        result = CardCandidate().Replace(result, m => PassesLuhn(m.ValueSpan) ? CardPlaceholder : m.Value);
        result = Ssn().Replace(result, SsnPlaceholder);
        result = ReplacePhoneNumbers(result);
        result = Phone().Replace(result, PhonePlaceholder);
        return result;
    }

    /// <summary>Every number libphonenumber finds valid (<see cref="PhoneNumbersInText"/>) becomes the placeholder.</summary>
    private static string ReplacePhoneNumbers(string text)
    {
        var spans = PhoneNumbersInText.Find(text);
        if (spans.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var (start, length) in spans)
        {
            builder.Append(text, at, start - at).Append(PhonePlaceholder);
            at = start + length;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }

    // Cheap pre-check: most values have no '@' and no run of 9+ digits (the shortest pattern, an SSN, counting digits across
    // the separators a number is written with), and skip all the regexes. Both searches are vectorised; only the
    // characters from a digit on are looked at one by one.
    private static bool ContainsCandidate(string text)
    {
        var span = text.AsSpan();
        if (span.Contains('@'))
        {
            return true;
        }

        for (var at = span.IndexOfAnyInRange('0', '9'); at >= 0;)
        {
            var digits = 0;
            for (; at < span.Length; at++)
            {
                var c = span[at];
                if (char.IsAsciiDigit(c))
                {
                    if (++digits >= 9)
                    {
                        return true;
                    }
                }
                else if (c is not (' ' or '-' or '(' or ')' or '.' or '+'))
                {
                    break;
                }
            }

            var next = at < span.Length ? span[at..].IndexOfAnyInRange('0', '9') : -1;
            at = next < 0 ? -1 : at + next;
        }

        return false;
    }

    /// <summary>The Luhn (mod 10) check that every payment card number passes.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> candidate)
    {
        var sum = 0;
        var count = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            count++;
            doubleIt = !doubleIt;
        }

        return count is >= 13 and <= 19 && sum % 10 == 0;
    }

    /// <summary>Redacts every value of a metadata map, except the keys named in <paramref name="exempt"/>.</summary>
    public static IReadOnlyDictionary<string, string> RedactValues(IReadOnlyDictionary<string, string> metadata, IReadOnlySet<string>? exempt = null)
    {
        var result = new Dictionary<string, string>(metadata.Count, StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            result[key] = exempt is not null && exempt.Contains(key) ? value : Redact(value) ?? string.Empty;
        }

        return result;
    }
}
