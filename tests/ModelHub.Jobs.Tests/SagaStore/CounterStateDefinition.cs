using MassTransit;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.SagaStore;

namespace ModelHub.Jobs.Tests.SagaStore;

public sealed class CounterStateDefinition : SagaDefinition<JobState>
{
    // Enough concurrent deliveries for the races below, whatever the machine's core count.
    public CounterStateDefinition() => Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 16);

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator, IRegistrationContext context)
    {
        // The scope opens before the retry, as in a host with scoped filters: every retry of a
        // message then shares one DbContext, which is what makes clearing its tracker matter.
        endpointConfigurator.UseMessageScope(context);
        endpointConfigurator.UsePostgresSagaRetry(context);
    }
}
