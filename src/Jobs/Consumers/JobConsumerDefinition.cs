using MassTransit;
using ModelHub.Jobs.Kinds;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs.Consumers;

/// <summary>
/// What every job command's consumer shares: its kind's queue, a bounded number of messages at once, a few
/// retries for transient errors, and patience with a database outage (<see cref="OutageRetry"/>). Once they
/// are spent the command faults, and the saga fails the job on its <c>Fault&lt;TCommand&gt;</c>. An
/// <see cref="InvalidOperationException"/>, <see cref="NotSupportedException"/> or any of <c>finalErrors</c>
/// is a verdict, not a glitch: it faults at once, unless it is an outage in disguise.
/// </summary>
public abstract class JobConsumerDefinition<TConsumer, TCommand> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<TCommand>
    where TCommand : class
{
    private readonly Type[] _finalErrors;

    protected JobConsumerDefinition(JobKindDescriptor<TCommand> kind, int concurrentMessageLimit, params Type[] finalErrors)
    {
        EndpointName = kind.Queue;
        ConcurrentMessageLimit = concurrentMessageLimit;
        _finalErrors = [typeof(InvalidOperationException), typeof(NotSupportedException), .. finalErrors];
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseOutageRetry();
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(OutageRetry.IsOutage);
            retry.Ignore(_finalErrors);
            IgnoreVerdicts(retry);
            retry.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500));
        });
    }

    /// <summary>Verdicts a type alone cannot name: some kinds of an exception that is otherwise retried.</summary>
    protected virtual void IgnoreVerdicts(IExceptionConfigurator retry)
    {
    }
}
