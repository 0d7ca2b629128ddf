using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Progress;

namespace ModelHub.Jobs.Consumers;

/// <summary>One attempt of a job that this instance runs: where its work reports progress, and the token that stops it.</summary>
public sealed class RunningJob : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Action<RunningJob> _forget;
    private int _cancelled;

    internal RunningJob(JobAttempt attempt, JobProgress progress, CancellationToken consumer, Action<RunningJob> forget)
    {
        Attempt = attempt;
        Progress = progress;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(consumer);
        _forget = forget;
    }

    public JobAttempt Attempt { get; }

    public JobProgress Progress { get; }

    /// <summary>
    /// The attempt's command came back from the broker: an instance that ran it stopped before it finished (a crash, a
    /// lost connection), so part of the work may be done already.
    /// </summary>
    public bool Redelivered { get; init; }

    /// <summary>Ends when the job is cancelled, or when the service gives up on the message (shutdown, lost connection).</summary>
    public CancellationToken CancellationToken => _stop.Token;

    /// <summary>True once the job was cancelled: whatever the work throws from then on is the cancellation's doing.</summary>
    public bool WasCancelled => Volatile.Read(ref _cancelled) == 1;

    internal void Cancel()
    {
        if (Interlocked.Exchange(ref _cancelled, 1) == 0)
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The attempt ended as the cancellation arrived: nothing is left to stop.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _forget(this);
        _stop.Dispose();
        await Progress.ForgetAsync();
    }
}
