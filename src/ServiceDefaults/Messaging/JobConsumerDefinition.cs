using MassTransit;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>
/// What every job command's consumer shares: its queue, a bounded number of messages at once, and
/// a few retries for transient errors. An <see cref="InvalidOperationException"/> or
/// <see cref="NotSupportedException"/> is a verdict, not a glitch: it faults at once.
/// </summary>
public abstract class JobConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected JobConsumerDefinition(string queue, int concurrentMessageLimit)
    {
        EndpointName = queue;
        ConcurrentMessageLimit = concurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<InvalidOperationException>();
            retry.Ignore<NotSupportedException>();
            retry.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
        });
}
