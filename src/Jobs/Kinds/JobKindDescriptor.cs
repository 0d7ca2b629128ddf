using MassTransit;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Kinds;

/// <summary>One kind of job as the saga sees it: its name, and how the command of a job's attempt reaches its service.</summary>
public abstract class JobKindDescriptor(JobKind kind, string queue)
{
    public JobKind Kind { get; } = kind;

    /// <summary>The queue of the service that runs jobs of this kind.</summary>
    public string Queue { get; } = queue;

    /// <summary>Sends the command of <paramref name="job"/>'s current attempt to <see cref="Queue"/>.</summary>
    public abstract Task SendAsync(ISendEndpointProvider endpoints, JobState job, CancellationToken cancellationToken);
}
