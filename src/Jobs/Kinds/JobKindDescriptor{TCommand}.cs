using MassTransit;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Records;
using ModelHub.ServiceDefaults.Messaging;

namespace ModelHub.Jobs.Kinds;

/// <summary>
/// A kind of job whose attempts run as <typeparamref name="TCommand"/>: how the saga makes the command from
/// the job's row, and how its consumer, and the saga on its fault, read the job back from the command.
/// </summary>
public sealed class JobKindDescriptor<TCommand>(
    JobKind kind, string queue, Func<JobState, TCommand> commandFor, Func<TCommand, JobAttempt> attemptOf) : JobKindDescriptor(kind, queue)
    where TCommand : class
{
    public TCommand CommandFor(JobState job) => commandFor(job);

    public JobAttempt AttemptOf(TCommand command) => attemptOf(command);

    public override async Task SendAsync(ISendEndpointProvider endpoints, JobState job, CancellationToken cancellationToken)
    {
        // Typed on purpose: Send(object, Type) would treat the command as a bag of initial values.
        var endpoint = await endpoints.GetSendEndpoint(QueueNames.Address(Queue));
        await endpoint.Send(CommandFor(job), cancellationToken);
    }

    internal override void FailOnFault(JobLifecycleStateMachine machine) => machine.FailOnFault(this);
}
