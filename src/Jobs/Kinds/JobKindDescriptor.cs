using MassTransit;
using ModelHub.Jobs.Lifecycle;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Kinds;

/// <summary>One kind of job as the saga sees it: its name, how an attempt's command reaches its service, and how its failure comes back.</summary>
public abstract class JobKindDescriptor(JobKind kind, string queue)
{
    public JobKind Kind { get; } = kind;

    /// <summary>The queue of the service that runs jobs of this kind.</summary>
    public string Queue { get; } = queue;

    /// <summary>Sends the command of <paramref name="job"/>'s current attempt to <see cref="Queue"/>.</summary>
    public abstract Task SendAsync(ISendEndpointProvider endpoints, JobState job, CancellationToken cancellationToken);

    /// <summary>Has the saga fail a job of this kind when its command faults for good.</summary>
    internal abstract void FailOnFault(JobLifecycleStateMachine machine);
}
