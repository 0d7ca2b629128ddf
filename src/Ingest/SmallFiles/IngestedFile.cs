using ModelHub.Persistence.Artifacts;

namespace ModelHub.Ingest.SmallFiles;

/// <summary>One small file's outcome: stored (with its hash and blob path) or failed (with why).</summary>
public sealed record IngestedFile(Guid ArtifactId, string Path, ArtifactStatus Status, string? Sha256, string? LocalPath, long Bytes, bool Deduplicated, string? Error);
