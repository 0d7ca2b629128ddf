using MassTransit;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.SagaStore;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs.Lifecycle;

/// <summary>The saga's endpoint: its queue, how many messages at once, retries on outages and lost races, events after commit.</summary>
public sealed class JobStateDefinition : SagaDefinition<JobState>
{
    public JobStateDefinition()
    {
        EndpointName = QueueNames.JobLifecycle;
        // Messages for different jobs run in parallel; those for one job queue on its row lock.
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator, IRegistrationContext context)
    {
        // A database restart must not send job events to job-lifecycle_error: they wait it out, then apply.
        endpointConfigurator.UseOutageRetry();
        endpointConfigurator.UsePostgresSagaRetry(context);
    }
}
