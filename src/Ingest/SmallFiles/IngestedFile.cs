using ModelHub.Persistence.Artifacts;

namespace ModelHub.Ingest.SmallFiles;

/// <summary>One small file's outcome: stored (with its hash and blob path) or failed (with why).</summary>
public sealed record IngestedFile(Guid ArtifactId, string Path, ArtifactStatus Status, string? Sha256, string? LocalPath, long Bytes, bool Deduplicated, string? Error)
{
    /// <summary>Failed because the upstream refuses ModelHub's token for a gated repository's files (not a fault of the bytes).</summary>
    public bool RefusedAsGated { get; init; }

    public bool Stored => Status == ArtifactStatus.Completed;
}
