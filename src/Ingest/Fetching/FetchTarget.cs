using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>A file to fetch from the upstream, and what its bytes must be.</summary>
public sealed record FetchTarget(Guid ArtifactId, HubRepo Repo, string Commit, string Path, ExpectedContent Expected);
