namespace ModelHub.Contracts.Snapshots;

/// <summary>
/// A snapshot job's attempt is over: every file it selected is stored, verified (each announced by its own
/// <c>ArtifactDownloaded</c>), except <see cref="FailedPaths"/>. Published whether the job completed or failed.
/// </summary>
public sealed record SnapshotDownloaded
{
    public required Guid JobId { get; init; }

    public required Guid RepositoryId { get; init; }

    /// <summary><c>model</c> or <c>dataset</c>.</summary>
    public required string RepoType { get; init; }

    /// <summary><c>org/name</c>.</summary>
    public required string RepoId { get; init; }

    /// <summary>The 40-hex commit the snapshot was pinned to.</summary>
    public required string Commit { get; init; }

    /// <summary>The files the snapshot selected.</summary>
    public required int Files { get; init; }

    /// <summary>Their bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>The files not stored, by path.</summary>
    public required IReadOnlyList<string> FailedPaths { get; init; }
}
