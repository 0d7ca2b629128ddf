using System.Text;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Catalog;

/// <summary>Who made a commit's change: what the Hub reports as a file's <c>lastCommit</c>.</summary>
public sealed record CommitStamp(string Sha, string Title, DateTimeOffset Date);

/// <summary>
/// One file of a commit. Its hashes are computed from the bytes it serves, once, on first need
/// (seconds for a multi-GB file), and kept.
/// </summary>
public sealed class SimFile
{
    private readonly Lazy<Digest> _digest;

    internal SimFile(string path, FileContent content, bool isLfs, CommitStamp lastCommit)
    {
        Path = path;
        Content = content;
        IsLfs = isLfs;
        LastCommit = lastCommit;
        _digest = new Lazy<Digest>(ComputeDigest, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Path { get; }

    /// <summary>The real content size (for LFS files too).</summary>
    public long Size => Content.Length;

    public bool IsLfs { get; }

    public CommitStamp LastCommit { get; }

    public FileContent Content { get; }

    /// <summary>SHA-256 of the content (the LFS oid).</summary>
    public string Sha256 => _digest.Value.Sha256;

    /// <summary>The git blob id of what git stores: the content, or for an LFS file its pointer text.</summary>
    public string GitOid => _digest.Value.GitOid;

    /// <summary>The LFS pointer text, or null for a regular file.</summary>
    public string? LfsPointer => _digest.Value.Pointer;

    public int? PointerSize => LfsPointer is null ? null : Encoding.UTF8.GetByteCount(LfsPointer);

    /// <summary>The Hub's ETag, unquoted: the SHA-256 for LFS files, the git blob id otherwise.</summary>
    public string ETag => IsLfs ? Sha256 : GitOid;

    /// <summary>A Xet-style content hash: real responses carry one on LFS files, so the simulator does too.</summary>
    public string XetHash => GitObjects.Sha1Hex("xet:" + Sha256) + Sha256[..24];

    public bool HashesComputed => _digest.IsValueCreated;

    public byte[] ReadAllBytes() => Content.ReadAllBytes();

    private Digest ComputeDigest()
    {
        var (sha256, blobId) = GitObjects.Hash(Content, withBlobId: !IsLfs);
        if (!IsLfs)
        {
            return new Digest(sha256, blobId!, null);
        }

        var pointer = GitObjects.LfsPointer(sha256, Size);
        return new Digest(sha256, GitObjects.BlobId(Encoding.UTF8.GetBytes(pointer)), pointer);
    }

    private sealed record Digest(string Sha256, string GitOid, string? Pointer);
}
