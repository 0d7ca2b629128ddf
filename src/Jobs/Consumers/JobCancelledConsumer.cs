using MassTransit;
using Microsoft.Extensions.Logging;
using ModelHub.Contracts.Jobs;

namespace ModelHub.Jobs.Consumers;

/// <summary>Every instance of a service that runs jobs hears of cancellations on a queue of its own, and stops the job if it runs it.</summary>
internal sealed class JobCancelledConsumer(RunningJobs running, ILogger<JobCancelledConsumer> logger) : IConsumer<JobCancelled>
{
    public Task Consume(ConsumeContext<JobCancelled> context)
    {
        if (running.Cancel(context.Message.JobId))
        {
            logger.LogInformation("Stopping cancelled job {JobId}", context.Message.JobId);
        }

        return Task.CompletedTask;
    }
}
