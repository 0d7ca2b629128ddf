namespace ModelHub.Jobs.Kinds;

/// <summary>A download job: fetch one artifact into the store.</summary>
public sealed record DownloadPayload(Guid ArtifactId);
