namespace ModelHub.ScanService.CacheView;

/// <summary>An artifact the store holds as blob <paramref name="Sha256"/>: what the view is asked to show.</summary>
internal sealed record StoredFile(Guid ArtifactId, string Sha256);
