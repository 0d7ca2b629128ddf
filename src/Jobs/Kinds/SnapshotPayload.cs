namespace ModelHub.Jobs.Kinds;

/// <summary>A snapshot job: store a repository's files at a commit (pinned at submission), maybe filtered by patterns.</summary>
/// <param name="Revision">The revision as it was asked for (a branch, a tag or a commit); <paramref name="Commit"/> is what it named then.</param>
public sealed record SnapshotPayload(Guid RepositoryId, string RepoType, string RepoId, string Revision, string Commit)
{
    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];
}
