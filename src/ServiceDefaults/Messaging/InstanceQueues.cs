using MassTransit;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>
/// Queues of one service instance: events every instance must hear (cache invalidation, cancellation)
/// each go to a temporary queue named for the instance, so a second instance of the same service gets
/// its own queue instead of being refused the first one's (RabbitMQ's RESOURCE_LOCKED on an exclusive queue).
/// </summary>
public static class InstanceQueues
{
    /// <summary>A temporary (exclusive, auto-deleted) queue of this host for the consumer, under a name no other host has.</summary>
    public static void PerInstance(this IEndpointRegistrationConfigurator endpoint)
    {
        endpoint.Temporary = true;
        // Random per registration, so two hosts in one process (tests) differ as two processes do.
        endpoint.InstanceId = Guid.NewGuid().ToString("N")[..12];
    }
}
