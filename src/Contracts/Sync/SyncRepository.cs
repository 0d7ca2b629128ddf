namespace ModelHub.Contracts.Sync;

/// <summary>Command to the SyncService: record what a repository holds at a revision.</summary>
public sealed record SyncRepository(Guid JobId, string RepoId, string Revision)
{
    /// <summary>Which run of the job this is (1, then +1 per retry); echoed on the job's events.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary><c>model</c> or <c>dataset</c>: with <see cref="RepoId"/>, what names the repository; <c>model</c> when absent.</summary>
    public string RepoType { get; init; } = "model";
}
