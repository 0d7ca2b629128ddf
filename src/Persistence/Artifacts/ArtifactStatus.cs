namespace ModelHub.Persistence.Artifacts;

public enum ArtifactStatus
{
    NotDownloaded,
    Downloading,
    Completed,
    Failed,
    Missing,
    Corrupt,
}
