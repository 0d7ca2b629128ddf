using MassTransit;
using Microsoft.Extensions.Logging;
using ModelHub.Contracts.Downloads;

namespace ModelHub.Ingest.Events;

/// <summary>Publishes on the bus within a few seconds, or logs that it could not: the bytes are stored either way.</summary>
internal sealed class BestEffortArtifactEvents(IBus bus, ILogger<BestEffortArtifactEvents> logger) : IArtifactEvents
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public async Task PublishAsync(ArtifactDownloaded downloaded, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await bus.Publish(downloaded, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MassTransitException)
        {
            logger.LogWarning("ArtifactDownloaded for {Path} of {RepoId} was not published: {Reason}", downloaded.Path, downloaded.RepoId, e.Message);
        }
    }
}
