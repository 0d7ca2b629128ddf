using ModelHub.Contracts.Downloads;

namespace ModelHub.Ingest.Events;

/// <summary>
/// Delivers <see cref="ArtifactDownloaded"/> once the artifact's row says stored, and <see cref="RepositoryFilesStored"/>
/// for the files recorded together; how hard it tries is the host's choice.
/// </summary>
public interface IArtifactEvents
{
    Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class;
}
