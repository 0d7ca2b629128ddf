namespace ModelHub.Api.Management.Downloads;

/// <summary>Either the seed's form (<c>artifact_ids</c>) or a repository with optional patterns.</summary>
internal sealed record DownloadRequest(Guid[]? ArtifactIds, string? RepoId, string? Revision, string[]? Include, string[]? Exclude, string? RepoType = null);
