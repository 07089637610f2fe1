using PhoneNumbers;

namespace Pipeline.Ingest.Privacy;

/// <summary>
/// Phone numbers found and normalised with libphonenumber (Google's metadata of every country's numbering plan): a
/// number written with <c>+</c> and its country code is recognised whatever its country; one written the national way
/// (<c>020 7946 0958</c>, <c>030 1234567</c>) is recognised when it is valid in one of <see cref="Regions"/>.
/// </summary>
public static class PhoneNumbersInText
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The countries whose national formats are recognised in free text: the pipeline's customers' (the United
    /// States first, whose plan Canada shares), Britain, Germany, France, Russia and China.</summary>
    public static readonly IReadOnlyList<string> Regions = ["US", "GB", "DE", "FR", "RU", "CN"];

    /// <summary>The spans of the phone numbers in <paramref name="text"/>, in order, without overlaps.</summary>
    public static List<(int Start, int Length)> Find(string text)
    {
        var spans = new List<(int Start, int Length)>();
        foreach (var region in Regions)
        {
            foreach (var match in Util.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
            {
                spans.Add((match.Start, match.Length));
            }
        }

        spans.Sort();
        var merged = new List<(int Start, int Length)>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start < merged[^1].Start + merged[^1].Length)
            {
                var end = Math.Max(merged[^1].Start + merged[^1].Length, span.Start + span.Length);
                merged[^1] = (merged[^1].Start, end - merged[^1].Start);
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    /// <summary>
    /// The number as digits, one form for every way of writing it: the country code and the national number
    /// (<c>+44 20 7946 0958</c> and, read in Britain, <c>020 7946 0958</c> are both <c>442079460958</c>), except that a
    /// North-American number is its ten national digits (<c>+1 977 625 2661</c> and <c>(977) 625-2661</c> are
    /// <c>9776252661</c>, the form the customer keys have always used). A number without its country code is read in
    /// <paramref name="region"/> when it is valid there or has a North-American number's shape there (valid or not: a
    /// made-up 555 number is still the same customer's), else in the first other of <see cref="Regions"/> where it is
    /// valid; <c>null</c> when none. So a national number that two countries could read is read as the first's.
    /// </summary>
    public static string? Normalize(string value, string region)
    {
        if (TryParse(value, region) is not { } number)
        {
            return null;
        }

        if (Util.IsValidNumber(number) || LooksNorthAmerican(number))
        {
            return Digits(number);
        }

        if (value.TrimStart().StartsWith('+'))
        {
            // The country code is written: no other region reads it differently.
            return null;
        }

        foreach (var other in Regions)
        {
            if (other != region && TryParse(value, other) is { } candidate && Util.IsValidNumber(candidate))
            {
                return Digits(candidate);
            }
        }

        return null;
    }

    /// <summary>
    /// Ten national digits after the country code 1, the first an area code's 2 to 9: a number written the
    /// North-American way that libphonenumber does not hold valid (a made-up 555 or an unassigned area code) is still
    /// read as one, so that it is the same customer with and without its +1.
    /// </summary>
    private static bool LooksNorthAmerican(PhoneNumber number) =>
        number.CountryCode == 1 && Util.GetNationalSignificantNumber(number) is { Length: 10 } national && national[0] is >= '2' and <= '9';

    private static PhoneNumber? TryParse(string value, string region)
    {
        try
        {
            return Util.Parse(value, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static string Digits(PhoneNumber number)
    {
        var national = Util.GetNationalSignificantNumber(number);
        return number.CountryCode == 1 ? national : number.CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + national;
    }
}
