using MassTransit;
using Microsoft.Extensions.Logging;

namespace ModelHub.Ingest.Events;

/// <summary>Publishes on the bus within a few seconds, or logs that it could not: the bytes are stored either way.</summary>
internal sealed class BestEffortArtifactEvents(IBus bus, ILogger<BestEffortArtifactEvents> logger) : IArtifactEvents
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public async Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await bus.Publish(message, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MassTransitException)
        {
            logger.LogWarning("{Event} was not published: {Reason} ({Message})", typeof(T).Name, e.Message, message);
        }
    }
}
