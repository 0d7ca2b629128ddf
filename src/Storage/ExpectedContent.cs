using ModelHub.Contracts.Repositories;

namespace ModelHub.Storage;

/// <summary>
/// What the upstream promised about a file: its size always, and its SHA-256 (LFS files) or its
/// git blob SHA-1 (the others). The bytes are stored only if they keep every promise.
/// </summary>
public sealed record ExpectedContent(long Size, string? Sha256, string? GitBlobSha1)
{
    /// <summary>The repository the file belongs to, for traces; it plays no part in verification.</summary>
    public string? Repo { get; init; }

    /// <summary>The repository's type, for traces; it plays no part in verification.</summary>
    public RepoType? RepoType { get; init; }

    /// <summary>The file's path in its repository, for traces; it plays no part in verification.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// Refuses, before a byte of it is read, a body whose <c>Content-Length</c> runs past the promised
    /// size (the body starts at <paramref name="offset"/>). A body without one is held to the size as it is read.
    /// </summary>
    public void RefuseOversizeAnnouncement(long offset, long? contentLength)
    {
        if (contentLength is { } length && length > Size - offset)
        {
            throw StoreTelemetry.Mismatch(this, $"size mismatch: expected {Size - offset} bytes from byte {offset}, the upstream announced {length}");
        }
    }

    public override string ToString() =>
        Sha256 is not null ? $"sha256 {Sha256}, {Size} bytes" : $"git blob {GitBlobSha1}, {Size} bytes";
}
