using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Progress;

namespace ModelHub.Jobs.Consumers;

/// <summary>One attempt of a job that this instance runs: where its work reports progress, and the token that stops it.</summary>
public sealed class RunningJob : StoppableWork, IAsyncDisposable
{
    private readonly Action<RunningJob> _forget;

    internal RunningJob(JobAttempt attempt, JobProgress progress, CancellationToken consumer, Action<RunningJob> forget)
        : base(consumer)
    {
        Attempt = attempt;
        Progress = progress;
        _forget = forget;
    }

    public JobAttempt Attempt { get; }

    public JobProgress Progress { get; }

    /// <summary>
    /// The attempt's command came back from the broker: an instance that ran it stopped before it finished (a crash, a
    /// lost connection), so part of the work may be done already.
    /// </summary>
    public bool Redelivered { get; init; }

    public async ValueTask DisposeAsync()
    {
        _forget(this);
        DisposeStop();
        await Progress.ForgetAsync();
    }
}
