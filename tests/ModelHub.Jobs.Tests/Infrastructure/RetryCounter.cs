using MassTransit;

namespace ModelHub.Jobs.Tests.Infrastructure;

/// <summary>Counts deliveries that are retries, to tell a lock that makes messages wait from one that lets them fail.</summary>
public sealed class RetryCounter
{
    private int _retries;

    public int Retries => Volatile.Read(ref _retries);

    public void Record(ConsumeContext context)
    {
        if (context.GetRetryAttempt() > 0)
        {
            Interlocked.Increment(ref _retries);
        }
    }
}
