namespace ModelHub.Contracts.Downloads;

/// <summary>Command to the DownloadService: fetch one artifact into the store.</summary>
public sealed record DownloadArtifact(Guid JobId, Guid ArtifactId)
{
    /// <summary>Which run of the job this is (1, then +1 per retry); echoed on the job's events.</summary>
    public int Attempt { get; init; } = 1;
}
