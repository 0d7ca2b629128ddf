namespace ModelHub.Contracts.Sync;

/// <summary>A repository's revision was synced: ModelHub knows every file of that commit.</summary>
public sealed record RepositorySynced
{
    public required Guid JobId { get; init; }

    public required Guid RepositoryId { get; init; }

    /// <summary><c>org/name</c>.</summary>
    public required string RepoId { get; init; }

    public required string Revision { get; init; }

    /// <summary>The 40-hex commit the revision resolved to.</summary>
    public required string Commit { get; init; }

    public required int FileCount { get; init; }

    public required long TotalBytes { get; init; }
}
