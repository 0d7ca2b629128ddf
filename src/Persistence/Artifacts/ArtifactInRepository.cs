using ModelHub.Contracts.Repositories;

namespace ModelHub.Persistence.Artifacts;

/// <summary>An artifact with the type and id of the repository it belongs to, as a fetch needs them.</summary>
public sealed record ArtifactInRepository(ModelArtifact Artifact, RepoType RepoType, string RepoId);
