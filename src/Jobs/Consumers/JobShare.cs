namespace ModelHub.Jobs.Consumers;

/// <summary>
/// A piece of a job's attempt that this instance runs for the attempt's own consumer, wherever that runs (a batch
/// of a snapshot's files): it reports no progress of its own, but stops when the job is cancelled.
/// </summary>
public sealed class JobShare : StoppableWork, IDisposable
{
    private readonly Action<JobShare> _forget;

    internal JobShare(Guid jobId, CancellationToken consumer, Action<JobShare> forget)
        : base(consumer)
    {
        JobId = jobId;
        _forget = forget;
    }

    public Guid JobId { get; }

    public void Dispose()
    {
        _forget(this);
        DisposeStop();
    }
}
