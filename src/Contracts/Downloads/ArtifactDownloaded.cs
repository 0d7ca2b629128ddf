namespace ModelHub.Contracts.Downloads;

/// <summary>
/// An artifact's bytes are in the store, verified. A public contract: other teams subscribe to it
/// (see the README). Published after the artifact row is committed; also when the bytes were
/// already stored (<see cref="Deduplicated"/>) and when a repeated command finds the work done.
/// </summary>
public sealed record ArtifactDownloaded
{
    public required Guid JobId { get; init; }

    public required Guid ArtifactId { get; init; }

    public required Guid RepositoryId { get; init; }

    /// <summary><c>model</c> or <c>dataset</c>: with <see cref="RepoId"/>, what names the repository.</summary>
    public required string RepoType { get; init; }

    /// <summary><c>org/name</c>.</summary>
    public required string RepoId { get; init; }

    /// <summary>The 40-hex commit the file belongs to.</summary>
    public required string Commit { get; init; }

    /// <summary>The file's path in the repository.</summary>
    public required string Path { get; init; }

    /// <summary>The SHA-256 of the bytes (lowercase hex): also the blob's name.</summary>
    public required string Sha256 { get; init; }

    public required long Size { get; init; }

    /// <summary>Where the blob is, relative to the store root: <c>blobs/sha256/&lt;sha256&gt;</c>.</summary>
    public required string StoredPath { get; init; }

    /// <summary>True when the bytes were already in the store and nothing was fetched.</summary>
    public required bool Deduplicated { get; init; }

    public required DateTimeOffset DownloadedAt { get; init; }
}
