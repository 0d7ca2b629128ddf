using ModelHub.Persistence.Artifacts;

namespace ModelHub.Ingest.SmallFiles;

/// <summary>A small file to fetch, with the sha256 of its bytes when the store may already hold them.</summary>
internal sealed record QueuedSmallFile(ModelArtifact Artifact, string? KnownSha256);
