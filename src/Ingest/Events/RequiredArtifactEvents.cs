using MassTransit;

namespace ModelHub.Ingest.Events;

/// <summary>Publishes through the scope's publish endpoint (in a consumer, its consume context); a failure fails the ingest.</summary>
internal sealed class RequiredArtifactEvents(IPublishEndpoint publisher) : IArtifactEvents
{
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class => publisher.Publish(message, cancellationToken);
}
