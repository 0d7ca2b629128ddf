using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Progress;

namespace ModelHub.Jobs.Consumers;

/// <summary>The jobs this instance is running, so that a cancelled one can be stopped mid-work, whatever its kind.</summary>
public sealed class RunningJobs(LiveProgress live, IOptions<JobsOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, RunningJob> _running = new();

    /// <summary>An attempt begins: its progress reporter, and a token that ends when the job is cancelled or <paramref name="consumer"/> ends.</summary>
    public RunningJob Start(JobAttempt attempt, CancellationToken consumer)
    {
        var job = new RunningJob(attempt, new JobProgress(attempt, live, clock, options.Value.ProgressInterval), consumer, Forget);
        _running[attempt.JobId] = job;
        return job;
    }

    /// <summary>Stops the job if this instance runs it; false if it does not.</summary>
    public bool Cancel(Guid jobId)
    {
        if (!_running.TryGetValue(jobId, out var job))
        {
            return false;
        }

        job.Cancel();
        return true;
    }

    private void Forget(RunningJob job) => _running.TryRemove(new KeyValuePair<Guid, RunningJob>(job.Attempt.JobId, job));
}
