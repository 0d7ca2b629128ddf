using MassTransit;
using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Kinds;

namespace ModelHub.Jobs.Consumers;

/// <summary>
/// The one shape of a job command's consumer. It publishes <see cref="JobStarted"/>, runs the kind's work
/// (<see cref="RunAsync"/>) with a <see cref="RunningJob"/> to report progress to and be stopped by, then
/// publishes the work's events and <see cref="JobCompleted"/> with the summary and the final progress (or
/// <see cref="JobFailed"/>, when the work ran to its end but says its job failed, as a snapshot with failed files does). The work
/// throws to fail: the definition's retries come first, then the command's fault fails the job (the saga
/// listens to the fault of every registered kind). A job cancelled while it runs stops and reports nothing
/// more, and is not retried: the saga already says Cancelled.
/// </summary>
public abstract class JobConsumer<TCommand>(JobKindDescriptor<TCommand> kind, RunningJobs jobs) : IConsumer<TCommand>
    where TCommand : class
{
    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var attempt = kind.AttemptOf(context.Message);
        await context.Publish(new JobStarted(attempt.JobId, attempt.Attempt));

        await using var job = jobs.Start(attempt, context.CancellationToken, context.ReceiveContext.Redelivered);
        JobResult result;
        try
        {
            result = await RunAsync(context.Message, job);
        }
        catch (Exception) when (job.WasCancelled && !context.CancellationToken.IsCancellationRequested)
        {
            // However the work stopped, it stopped because it was asked to: not a failure, not to be retried.
            LogContext.Info?.Log("Job {JobId} stopped: it was cancelled", attempt.JobId);
            return;
        }

        foreach (var message in result.Events)
        {
            await context.Publish(message);
        }

        var progressed = job.Progress.Final();
        if (result.Error is { } error)
        {
            await context.Publish(new JobFailed(attempt.JobId, attempt.Attempt, error) { FailedItems = result.FailedItems, FinalProgress = progressed });
            return;
        }

        await context.Publish(new JobCompleted(attempt.JobId, attempt.Attempt)
        {
            Summary = result.Summary, FailedItems = result.FailedItems is { Count: > 0 } failed ? failed : null, FinalProgress = progressed,
        });
    }

    /// <summary>The kind's work: read the command, call its domain service, say what was done and what to tell subscribers.</summary>
    protected abstract Task<JobResult> RunAsync(TCommand command, RunningJob job);
}
