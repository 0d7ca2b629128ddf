using MassTransit;
using ModelHub.Persistence.Jobs;
using ModelHub.Persistence.Sagas;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Api.Jobs;

/// <summary>The saga's endpoint: its queue, how many messages at once, retries on lost races, events after commit.</summary>
public sealed class JobStateDefinition : SagaDefinition<JobState>
{
    public JobStateDefinition()
    {
        EndpointName = QueueNames.JobLifecycle;
        // Messages for different jobs run in parallel; those for one job queue on its row lock.
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UsePostgresSagaRetry(context);
}
