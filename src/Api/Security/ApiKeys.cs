using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Api.Security;

/// <summary>
/// API keys: 32 random bytes, shown once as <c>mh_&lt;base64url&gt;</c>; configured only as a salted
/// SHA-256 (<c>sha256:&lt;salt&gt;:&lt;hash&gt;</c>, salt and hash in hex). A key is random enough that a
/// fast hash cannot be brute-forced; the salt keeps equal keys from having equal hashes.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "mh_";

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key)
    {
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return $"sha256:{salt}:{Convert.ToHexStringLower(Digest(salt, key))}";
    }

    /// <summary>True when <paramref name="key"/> is the one <paramref name="storedHash"/> was made from; compared in constant time.</summary>
    public static bool Matches(string key, string storedHash)
    {
        var parts = storedHash.Split(':');
        if (parts is not ["sha256", var salt, var hash] || hash.Length != 64)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(hash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Digest(salt, key), expected);
    }

    /// <summary>
    /// The configured key <paramref name="key"/> is, or null. Every hash is compared, so the time taken
    /// does not say how many came before a match.
    /// </summary>
    public static ApiKeyEntry? FindHolder(string key, IEnumerable<ApiKeyEntry> configured)
    {
        ApiKeyEntry? holder = null;
        foreach (var entry in configured)
        {
            if (Matches(key, entry.Hash) && holder is null)
            {
                holder = entry;
            }
        }

        return holder;
    }

    /// <summary>Whether <paramref name="storedHash"/> has the shape <see cref="Hash"/> makes.</summary>
    public static bool IsHash(string storedHash) =>
        storedHash.Split(':') is ["sha256", { Length: > 0 } salt, { Length: 64 } hash]
        && salt.All(char.IsAsciiHexDigit) && hash.All(char.IsAsciiHexDigit);

    private static byte[] Digest(string salt, string key) => SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}:{key}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
