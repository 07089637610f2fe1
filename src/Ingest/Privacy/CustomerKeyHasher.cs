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
/// The strongest identifier decides the key: a customer id, else an e-mail address, else a phone number.
/// Values are normalised first (e-mail lower-cased; phone reduced to digits with a leading 1 or 8 trunk
/// prefix of an 11-digit number dropped), so "(977) 625-2661" and "+1 977 625 2661" are one customer.
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

    /// <summary>The customer key for a record's identifiers, or <c>null</c> when it names nobody.</summary>
    public string? KeyFor(IReadOnlyList<CustomerIdentifier> identifiers)
    {
        foreach (var kind in Strength)
        {
            foreach (var identifier in identifiers)
            {
                if (string.Equals(identifier.Kind, kind, StringComparison.Ordinal))
                {
                    var normalized = Normalize(kind, identifier.Value);
                    if (normalized.Length > 0)
                    {
                        return Hash(kind, normalized);
                    }
                }
            }
        }

        return null;
    }

    public static string Normalize(string kind, string value)
    {
        var trimmed = value.Trim();
        switch (kind)
        {
            case "email":
                return trimmed.ToLowerInvariant();
            case "phone":
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
        return "cust_" + Convert.ToHexStringLower(bytes, 0, 16);
    }
}
