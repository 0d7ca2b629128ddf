using ModelHub.Contracts.Downloads;

namespace ModelHub.Ingest.Batches;

/// <summary>One file of a batch: stored and announced (<see cref="Downloaded"/>), or failed (<see cref="Error"/>) while its siblings went on.</summary>
public sealed record BatchFileOutcome(Guid ArtifactId, string Path, long Size, ArtifactDownloaded? Downloaded, string? Error)
{
    public bool Stored => Downloaded is not null;
}
