namespace ModelHub.Jobs.Consumers;

/// <summary>
/// A piece of a job's attempt that this instance runs for the attempt's own consumer, wherever that runs (a batch
/// of a snapshot's files): it reports no progress of its own, but stops when the job is cancelled.
/// </summary>
public sealed class JobShare : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Action<JobShare> _forget;
    private int _cancelled;

    internal JobShare(Guid jobId, CancellationToken consumer, Action<JobShare> forget)
    {
        JobId = jobId;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(consumer);
        _forget = forget;
    }

    public Guid JobId { get; }

    /// <summary>Ends when the job is cancelled, or when the service gives up on the message.</summary>
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
                // The piece ended as the cancellation arrived: nothing is left to stop.
            }
        }
    }

    public void Dispose()
    {
        _forget(this);
        _stop.Dispose();
    }
}
