namespace ModelHub.Persistence.Artifacts;

/// <summary>One file of a repository at one commit (table <c>model_artifact</c>).</summary>
public sealed class ModelArtifact
{
    public Guid Id { get; init; }

    public Guid RepositoryId { get; init; }

    /// <summary>The 40-hex commit this file belongs to.</summary>
    public required string Commit { get; init; }

    /// <summary>The path inside the repository, normalised, with forward slashes.</summary>
    public required string Path { get; init; }

    /// <summary>The real content size in bytes (for LFS files too).</summary>
    public long Size { get; set; }

    /// <summary>The git blob SHA-1 (for LFS files, the pointer's).</summary>
    public string? GitBlobOid { get; set; }

    /// <summary>The SHA-256 upstream promises for an LFS file.</summary>
    public string? LfsSha256 { get; set; }

    public ArtifactStatus Status { get; set; }

    /// <summary>The SHA-256 of the bytes ModelHub stored and verified.</summary>
    public string? ContentHash { get; set; }

    /// <summary>Where the blob lives, relative to the store root.</summary>
    public string? LocalPath { get; set; }

    public DateTimeOffset? DownloadedAt { get; set; }

    /// <summary>When a verify scan last re-hashed the blob at rest and found it intact.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>When the bytes were last asked for (stored, deduplicated or served): the quota evicts the oldest first.</summary>
    public DateTimeOffset? LastAccessedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
