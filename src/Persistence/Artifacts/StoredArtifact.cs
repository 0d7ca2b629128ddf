namespace ModelHub.Persistence.Artifacts;

/// <summary>An artifact whose bytes are in the store as <paramref name="LocalPath"/> (relative to the store root).</summary>
public sealed record StoredArtifact(Guid ArtifactId, string Sha256, string LocalPath);
