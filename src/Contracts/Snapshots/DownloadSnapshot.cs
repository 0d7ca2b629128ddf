namespace ModelHub.Contracts.Snapshots;

/// <summary>
/// Command to the DownloadService: store every file of a repository at one commit (pinned when the job was
/// accepted), or those its patterns select, as one job.
/// </summary>
public sealed record DownloadSnapshot(Guid JobId, Guid RepositoryId, string Commit)
{
    /// <summary>Which run of the job this is (1, then +1 per retry); echoed on the job's events.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary><c>allow_patterns</c>-style globs: only the files matching one of them; every file when empty.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Globs of files left out, even when included.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
