namespace ModelHub.Jobs.Consumers;

/// <summary>Work of a job that this instance runs and a cancellation must be able to stop: its token, and whether it was stopped.</summary>
public abstract class StoppableWork
{
    private readonly CancellationTokenSource _stop;
    private int _cancelled;

    private protected StoppableWork(CancellationToken consumer) => _stop = CancellationTokenSource.CreateLinkedTokenSource(consumer);

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
                // The work ended as the cancellation arrived: nothing is left to stop.
            }
        }
    }

    private protected void DisposeStop() => _stop.Dispose();
}
