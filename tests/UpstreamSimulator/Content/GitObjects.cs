using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelHub.UpstreamSimulator.Content;

/// <summary>Git and Git LFS object ids, computed the way git and the Hub compute them (contract §4).</summary>
public static class GitObjects
{
    private const int ChunkSize = 1 << 20;

    /// <summary>SHA-1 of <c>"blob {length}\0" + content</c>, as <c>git hash-object</c> prints it.</summary>
    public static string BlobId(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(BlobIdBytes(content));

    /// <summary><see cref="BlobId"/> as bytes, hashed in one call (per-call hash objects would dominate for small files).</summary>
    public static byte[] BlobIdBytes(ReadOnlySpan<byte> content)
    {
        Span<byte> header = stackalloc byte[32];
        var headerLength = Header(content.Length, header);
        var buffer = ArrayPool<byte>.Shared.Rent(headerLength + content.Length);
        try
        {
            header[..headerLength].CopyTo(buffer);
            content.CopyTo(buffer.AsSpan(headerLength));
            return SHA1.HashData(buffer.AsSpan(0, headerLength + content.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The exact pointer text git stores for an LFS file.</summary>
    public static string LfsPointer(string sha256, long size) =>
        $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size.ToString(CultureInfo.InvariantCulture)}\n";

    /// <summary>The SHA-256 of the content and, when asked, its git blob id, in one pass over the bytes.</summary>
    public static (string Sha256, string? BlobId) Hash(FileContent content, bool withBlobId)
    {
        var (sha256, blobId) = HashBytes(content, withBlobId);
        return (Convert.ToHexStringLower(sha256), blobId is null ? null : Convert.ToHexStringLower(blobId));
    }

    /// <summary><see cref="Hash"/> as bytes. Small files are hashed in one call each, large ones chunk by chunk.</summary>
    public static (byte[] Sha256, byte[]? BlobId) HashBytes(FileContent content, bool withBlobId)
    {
        if (content.Length <= ChunkSize)
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)content.Length);
            try
            {
                var bytes = buffer.AsSpan(0, (int)content.Length);
                content.CopyTo(0, bytes);
                return (SHA256.HashData(bytes), withBlobId ? BlobIdBytes(bytes) : null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha1 = withBlobId ? IncrementalHash.CreateHash(HashAlgorithmName.SHA1) : null;
        Span<byte> header = stackalloc byte[32];
        sha1?.AppendData(header[..Header(content.Length, header)]);
        var chunk = new byte[ChunkSize];
        for (long offset = 0; offset < content.Length; offset += chunk.Length)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, content.Length - offset));
            content.CopyTo(offset, part);
            sha256.AppendData(part);
            sha1?.AppendData(part);
        }

        return (sha256.GetHashAndReset(), sha1?.GetHashAndReset());
    }

    /// <summary>
    /// A git tree object id. Entries are sorted as git sorts them: by name, a directory's name
    /// compared as if it ended in '/'.
    /// </summary>
    public static string TreeId(IEnumerable<(string Name, bool IsDirectory, string Oid)> entries)
    {
        var sorted = entries.OrderBy(e => e.IsDirectory ? e.Name + "/" : e.Name, StringComparer.Ordinal);
        using var body = new MemoryStream();
        foreach (var (name, isDirectory, oid) in sorted)
        {
            body.Write(Encoding.UTF8.GetBytes($"{(isDirectory ? "40000" : "100644")} {name}\0"));
            body.Write(Convert.FromHexString(oid));
        }

        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.ASCII.GetBytes($"tree {body.Length.ToString(CultureInfo.InvariantCulture)}\0"));
        sha1.AppendData(body.GetBuffer(), 0, (int)body.Length);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    /// <summary>A stable 64-bit seed from any strings (FNV-1a, then mixed).</summary>
    public static ulong Seed(ulong seed, params string[] parts)
    {
        var hash = 14695981039346656037UL ^ seed;
        foreach (var part in parts)
        {
            foreach (var b in Encoding.UTF8.GetBytes(part + "\u001f"))
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
        }

        return SeededContent.Mix(hash);
    }

    // "blob {length}\0" in ASCII.
    private static int Header(long length, Span<byte> destination) =>
        Encoding.ASCII.GetBytes($"blob {length.ToString(CultureInfo.InvariantCulture)}\0", destination);

    /// <summary>Lowercase hex SHA-1 of a string: deterministic ids (commits, object ids) from names.</summary>
    public static string Sha1Hex(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
