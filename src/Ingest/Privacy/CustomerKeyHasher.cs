using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Ingest;

namespace Pipeline.Ingest.Privacy;

/// <summary>
/// Turns raw customer identifiers into one keyed hash (HMAC-SHA256) so the same person is linked
/// across channels without their address or number ever being stored. The key comes from
/// configuration; without it the hashes cannot be recomputed from a guessed phone number.
/// </summary>
/// <remarks>
/// Every identifier is hashed; the strongest (a customer id, else an e-mail address, else a phone number)
/// gives the record's own key, and the store links it to a customer already known by any of them.
/// Values are normalised first: e-mail lower-cased; a phone number read by libphonenumber into its country code and
/// national number (<see cref="PhoneNumbersInText.Normalize"/>), so "+44 20 7946 0958" and "020 7946 0958" are one
/// customer, as are "(977) 625-2661" and "+1 977 625 2661"; a number valid nowhere is reduced to its digits, a leading
/// 1 or 8 trunk prefix of an 11-digit number dropped.
/// </remarks>
public sealed class CustomerKeyHasher
{
    private static readonly string[] Strength = ["customer-id", "email", "phone"];
    private readonly byte[] _key;

    public CustomerKeyHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("The customer-linking key must be at least 16 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>The customer key for a record's identifiers (from the strongest), or <c>null</c> when it names nobody.</summary>
    public string? KeyFor(IReadOnlyList<CustomerIdentifier> identifiers)
    {
        var hashes = HashAll(identifiers);
        return hashes.Count == 0 ? null : KeyOf(hashes[0]);
    }

    /// <summary>Keyed hashes of every identifier ("email:…"), strongest first, without repeats.</summary>
    public IReadOnlyList<string> HashAll(IReadOnlyList<CustomerIdentifier> identifiers)
    {
        var hashes = new List<string>(identifiers.Count);
        foreach (var kind in Strength)
        {
            foreach (var identifier in identifiers)
            {
                if (string.Equals(identifier.Kind, kind, StringComparison.Ordinal))
                {
                    var normalized = Normalize(kind, identifier.Value);
                    var hash = normalized.Length > 0 ? Hash(kind, normalized) : null;
                    if (hash is not null && !hashes.Contains(hash))
                    {
                        hashes.Add(hash);
                    }
                }
            }
        }

        return hashes;
    }

    /// <summary>The customer key a hashed identifier stands for when it is the first one seen of a customer.</summary>
    public static string KeyOf(string identifierHash) => "cust_" + identifierHash[(identifierHash.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public static string Normalize(string kind, string value)
    {
        var trimmed = value.Trim();
        switch (kind)
        {
            case "email":
                return trimmed.ToLowerInvariant();
            case "phone":
                if (PhoneNumbersInText.Normalize(trimmed, PhoneNumbersInText.Regions[0]) is { } number)
                {
                    return number;
                }

                // Not a valid number anywhere (a made-up 555 number, a typo): its digits, as before libphonenumber.
                var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
                if (digits.Length == 11 && digits[0] == '1')
                {
                    return digits[1..];
                }

                if (digits.Length == 11 && digits[0] == '8')
                {
                    return "7" + digits[1..];
                }

                return digits;
            default:
                return trimmed;
        }
    }

    private string Hash(string kind, string normalized)
    {
        var bytes = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(kind + ":" + normalized));
        return kind + ":" + Convert.ToHexStringLower(bytes, 0, 16);
    }
}
