using ModelHub.Persistence.Artifacts;
using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest;

/// <summary>A file whose row says stored, about to be announced.</summary>
internal sealed record AnnouncedFile(ModelArtifact Artifact, HubRepo Repo, StoredBlob Blob);
