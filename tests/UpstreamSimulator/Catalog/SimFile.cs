using System.Runtime.CompilerServices;
using System.Text;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>Who made a commit's change: what the Hub reports as a file's <c>lastCommit</c>.</summary>
public sealed record CommitStamp(string Sha, string Title, DateTimeOffset Date);

/// <summary>
/// One file of a commit. Its hashes are computed from the bytes it serves, once, on first need
/// (seconds for a multi-GB file), and kept as bytes: a repository of 100,000 files holds little more
/// than its paths.
/// </summary>
public sealed class SimFile
{
    // Shared by all files (a lock each would double a small file's footprint); a stripe is held while one file hashes.
    private static readonly Lock[] HashLocks = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];
    private Digest? _digest;

    internal SimFile(string path, FileContent content, bool isLfs, CommitStamp lastCommit)
    {
        Path = path;
        Content = content;
        IsLfs = isLfs;
        LastCommit = lastCommit;
    }

    public string Path { get; }

    /// <summary>The real content size (for LFS files too).</summary>
    public long Size => Content.Length;

    public bool IsLfs { get; }

    public CommitStamp LastCommit { get; }

    public FileContent Content { get; }

    /// <summary>SHA-256 of the content (the LFS oid).</summary>
    public string Sha256 => Convert.ToHexStringLower(Hashes.Sha256);

    /// <summary>The git blob id of what git stores: the content, or for an LFS file its pointer text.</summary>
    public string GitOid => Convert.ToHexStringLower(Hashes.GitOid);

    /// <summary>The LFS pointer text, or null for a regular file.</summary>
    public string? LfsPointer => IsLfs ? GitObjects.LfsPointer(Sha256, Size) : null;

    public int? PointerSize => LfsPointer is { } pointer ? Encoding.UTF8.GetByteCount(pointer) : null;

    /// <summary>The Hub's ETag, unquoted: the SHA-256 for LFS files, the git blob id otherwise.</summary>
    public string ETag => IsLfs ? Sha256 : GitOid;

    /// <summary>A Xet-style content hash: real responses carry one on LFS files, so the simulator does too.</summary>
    public string XetHash => GitObjects.Sha1Hex("xet:" + Sha256) + Sha256[..24];

    public bool HashesComputed => Volatile.Read(ref _digest) is not null;

    public byte[] ReadAllBytes() => Content.ReadAllBytes();

    private Digest Hashes
    {
        get
        {
            if (Volatile.Read(ref _digest) is { } digest)
            {
                return digest;
            }

            lock (HashLocks[(RuntimeHelpers.GetHashCode(this) & int.MaxValue) % HashLocks.Length])
            {
                digest = _digest ?? ComputeDigest();
                Volatile.Write(ref _digest, digest);
                return digest;
            }
        }
    }

    private Digest ComputeDigest()
    {
        var (sha256, blobId) = GitObjects.HashBytes(Content, withBlobId: !IsLfs);
        if (!IsLfs)
        {
            return new Digest(sha256, blobId!);
        }

        var pointer = GitObjects.LfsPointer(Convert.ToHexStringLower(sha256), Size);
        return new Digest(sha256, GitObjects.BlobIdBytes(Encoding.UTF8.GetBytes(pointer)));
    }

    private sealed record Digest(byte[] Sha256, byte[] GitOid);
}
