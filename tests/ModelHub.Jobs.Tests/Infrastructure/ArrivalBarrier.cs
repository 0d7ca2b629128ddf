namespace ModelHub.Jobs.Tests.Infrastructure;

/// <summary>
/// Holds every caller until <see cref="Expected"/> have arrived, so a race happens every run
/// instead of when the scheduler feels like it. Gives up after a few seconds rather than hang.
/// </summary>
public sealed class ArrivalBarrier(int expected = 1)
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrivals;

    public int Expected { get; set; } = expected;

    public int Arrivals => Volatile.Read(ref _arrivals);

    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrivals) >= Expected)
        {
            _allArrived.TrySetResult();
        }

        return _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
