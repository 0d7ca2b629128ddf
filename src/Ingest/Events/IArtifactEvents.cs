using ModelHub.Contracts.Downloads;

namespace ModelHub.Ingest.Events;

/// <summary>Delivers <see cref="ArtifactDownloaded"/> once the artifact's row says stored; how hard it tries is the host's choice.</summary>
public interface IArtifactEvents
{
    Task PublishAsync(ArtifactDownloaded downloaded, CancellationToken cancellationToken);
}
