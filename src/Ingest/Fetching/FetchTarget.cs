using ModelHub.Storage;

namespace ModelHub.Ingest.Fetching;

/// <summary>A file to fetch from the upstream, and what its bytes must be.</summary>
public sealed record FetchTarget(Guid ArtifactId, string RepoId, string Commit, string Path, ExpectedContent Expected);
