using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Storage;

/// <summary>Git's blob id: SHA-1 of <c>"blob &lt;size&gt;\0"</c> followed by the bytes.</summary>
public static class GitBlobHash
{
    public static IncrementalHash Start(long size)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {size}\0"));
        return hash;
    }

    public static string Of(ReadOnlySpan<byte> content)
    {
        using var hash = Start(content.Length);
        hash.AppendData(content);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
