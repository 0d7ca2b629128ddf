using ModelHub.Persistence.Artifacts;

namespace ModelHub.Api.Management.Files;

/// <summary>One file of a synced revision, with the artifact id a download asks for it by.</summary>
public sealed record ArtifactResponse(Guid Id, string Path, long Size, bool Lfs, string? Sha256, string? GitOid, ArtifactStatus Status, bool Stored);
