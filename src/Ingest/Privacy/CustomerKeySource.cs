using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Ingest.Privacy;

/// <summary>
/// Finds the customer-linking key: the configured value (<c>Privacy:CustomerKey</c>, at least 16 characters),
/// else the key file (<c>Privacy:CustomerKeyFile</c>). A missing key file is created with 32 random bytes
/// and reported, because losing it unlinks every customer ingested afterwards from those before.
/// </summary>
public static class CustomerKeySource
{
    public sealed record Result(byte[] Key, string Origin, bool Created);

    public static Result Load(string? configuredKey, string keyFile)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            if (configuredKey.Length < 16)
            {
                throw new InvalidOperationException("Privacy:CustomerKey is shorter than 16 characters; use a long random secret.");
            }

            return new Result(Encoding.UTF8.GetBytes(configuredKey), "Privacy:CustomerKey", false);
        }

        var full = Path.GetFullPath(keyFile);
        if (File.Exists(full))
        {
            var text = File.ReadAllText(full).Trim();
            byte[] key;
            try
            {
                key = Convert.FromBase64String(text);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"The customer-linking key file {full} is not base64; restore it from backup or delete it to start new customer keys.", ex);
            }

            if (key.Length < 16)
            {
                throw new InvalidOperationException($"The customer-linking key in {full} is shorter than 16 bytes.");
            }

            return new Result(key, full, false);
        }

        var created = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Convert.ToBase64String(created) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new Result(created, full, true);
    }
}
