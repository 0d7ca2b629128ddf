namespace ModelHub.Upstream;

/// <summary>How many times one call was retried, across its redirect hops and pages.</summary>
internal sealed class RetryCounter
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
