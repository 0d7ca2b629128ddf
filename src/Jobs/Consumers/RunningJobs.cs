using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Progress;

namespace ModelHub.Jobs.Consumers;

/// <summary>
/// The jobs this instance is running, and the pieces of other instances' jobs it runs for them, so that a cancelled
/// one can be stopped mid-work, whatever its kind.
/// </summary>
public sealed class RunningJobs(LiveProgress live, IOptions<JobsOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, RunningJob> _running = new();
    private readonly ConcurrentDictionary<JobShare, Guid> _shares = new();

    /// <summary>
    /// An attempt begins (or begins again, <paramref name="redelivered"/> by the broker after the instance that ran it
    /// stopped): its progress reporter, and a token that ends when the job is cancelled or <paramref name="consumer"/> ends.
    /// </summary>
    public RunningJob Start(JobAttempt attempt, CancellationToken consumer, bool redelivered = false)
    {
        var job = new RunningJob(attempt, new JobProgress(attempt, live, clock, options.Value.ProgressInterval), consumer, Forget) { Redelivered = redelivered };
        _running[attempt.JobId] = job;
        return job;
    }

    /// <summary>A piece of job <paramref name="jobId"/>'s work begins here: a token that ends when the job is cancelled or <paramref name="consumer"/> ends.</summary>
    public JobShare Share(Guid jobId, CancellationToken consumer)
    {
        var share = new JobShare(jobId, consumer, s => _shares.TryRemove(s, out _));
        _shares[share] = jobId;
        return share;
    }

    /// <summary>Stops the job and its pieces if this instance runs any; false if it runs none.</summary>
    public bool Cancel(Guid jobId)
    {
        var found = false;
        if (_running.TryGetValue(jobId, out var job))
        {
            job.Cancel();
            found = true;
        }

        foreach (var (share, _) in _shares.Where(s => s.Value == jobId))
        {
            share.Cancel();
            found = true;
        }

        return found;
    }

    private void Forget(RunningJob job) => _running.TryRemove(new KeyValuePair<Guid, RunningJob>(job.Attempt.JobId, job));
}
