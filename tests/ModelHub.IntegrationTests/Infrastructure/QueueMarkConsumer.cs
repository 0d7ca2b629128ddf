using MassTransit;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>Tells the test service that its <see cref="QueueMark"/> came out of the queue.</summary>
internal sealed class QueueMarkConsumer(BusHost host) : IConsumer<QueueMark>
{
    public Task Consume(ConsumeContext<QueueMark> context)
    {
        host.MarkConsumed(context.Message);
        return Task.CompletedTask;
    }
}
