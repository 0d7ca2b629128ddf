using ModelHub.Contracts.Jobs;
using ModelHub.Jobs.Kinds;

namespace ModelHub.Jobs.Progress;

/// <summary>
/// How far one running attempt of a job has got, the one progress channel of every kind: bytes and/or
/// items (files, blobs) done and their totals once known, reported from any number of threads. It keeps
/// the rates, writes the live figures to Redis at most every interval (the Api shows them while the job
/// runs), and hands the last figures to the saga when the attempt completes.
/// </summary>
public sealed class JobProgress(JobAttempt attempt, LiveProgress live, TimeProvider clock, TimeSpan interval)
{
    private readonly long _startedAt = clock.GetTimestamp();
    private long _bytesDone;
    private long _bytesResumed;
    private long _bytesTotal = -1;
    private long _itemsDone;
    private long _itemsTotal = -1;
    private long _itemsFailed;
    private string? _itemsUnit;
    private long _lastWrite;
    private int _reported;

    /// <summary>The job's size in bytes, once it is known.</summary>
    public void ExpectBytes(long total)
    {
        Interlocked.Exchange(ref _bytesTotal, total);
        Reported();
    }

    /// <summary>Bytes kept from an earlier attempt: they count as done, but not towards the rate.</summary>
    public void ResumeBytes(long bytesAlreadyThere)
    {
        Interlocked.Exchange(ref _bytesDone, bytesAlreadyThere);
        Interlocked.Exchange(ref _bytesResumed, bytesAlreadyThere);
        Reported();
    }

    /// <summary>More bytes done; awaited in the copy loop, since it may write the live figures.</summary>
    public ValueTask AddBytesAsync(long bytes)
    {
        Interlocked.Add(ref _bytesDone, bytes);
        return ReportedAsync();
    }

    /// <summary>Bytes done so far and the total, for work that counts them itself: a late or repeated report never moves them back.</summary>
    public ValueTask ReportBytesAsync(long done, long? total)
    {
        if (total is { } bytes)
        {
            Interlocked.Exchange(ref _bytesTotal, bytes);
        }

        Raise(ref _bytesDone, done);
        return ReportedAsync();
    }

    /// <summary>The job counts <paramref name="unit"/> (<c>files</c>, <c>blobs</c>); <paramref name="total"/> of them when known.</summary>
    public void ExpectItems(string unit, long? total = null)
    {
        Volatile.Write(ref _itemsUnit, unit);
        Interlocked.Exchange(ref _itemsTotal, total ?? -1);
        Reported();
    }

    /// <summary>More items done, and the bytes they held (counted together, so one write shows both).</summary>
    public ValueTask AddItemsAsync(long items = 1, long bytes = 0)
    {
        Interlocked.Add(ref _bytesDone, bytes);
        Interlocked.Add(ref _itemsDone, items);
        return ReportedAsync();
    }

    /// <summary>Items that failed while the others go on (counted apart: they are not done).</summary>
    public ValueTask AddFailedItemsAsync(long items)
    {
        Interlocked.Add(ref _itemsFailed, items);
        return ReportedAsync();
    }

    /// <summary>The figures now, rates included.</summary>
    public LiveProgressFigures Snapshot()
    {
        var seconds = clock.GetElapsedTime(_startedAt).TotalSeconds;
        var bytesDone = Interlocked.Read(ref _bytesDone);
        var itemsDone = Interlocked.Read(ref _itemsDone);
        return new LiveProgressFigures(
            bytesDone, Known(ref _bytesTotal), seconds > 0 ? (bytesDone - Interlocked.Read(ref _bytesResumed)) / seconds : 0, clock.GetUtcNow())
        {
            ItemsDone = itemsDone,
            ItemsTotal = Known(ref _itemsTotal),
            ItemsUnit = Volatile.Read(ref _itemsUnit),
            ItemsPerSecond = seconds > 0 ? itemsDone / seconds : 0,
            ItemsFailed = Interlocked.Read(ref _itemsFailed),
        };
    }

    /// <summary>Writes the live figures now, whenever they were last written.</summary>
    public Task FlushAsync()
    {
        Interlocked.Exchange(ref _lastWrite, clock.GetTimestamp());
        return live.WriteAsync(attempt.JobId, Snapshot());
    }

    /// <summary>The figures the saga keeps once the attempt is over; null when nothing was reported.</summary>
    internal JobProgressed? Final()
    {
        if (Volatile.Read(ref _reported) == 0)
        {
            return null;
        }

        var figures = Snapshot();
        return new JobProgressed(attempt.JobId, attempt.Attempt, figures.BytesDone)
        {
            BytesTotal = figures.BytesTotal,
            ItemsDone = figures.ItemsUnit is null ? null : figures.ItemsDone,
            ItemsTotal = figures.ItemsTotal,
            ItemsUnit = figures.ItemsUnit,
        };
    }

    /// <summary>The live figures go once the attempt is over: the saga's are the job's from then on.</summary>
    internal Task ForgetAsync() => live.ForgetAsync(attempt.JobId);

    private void Reported() => Volatile.Write(ref _reported, 1);

    private ValueTask ReportedAsync()
    {
        Reported();
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastWrite);
        // One writer per interval: the thread that moves the mark writes, the others go on.
        if (last != 0 && clock.GetElapsedTime(last, now) < interval || Interlocked.CompareExchange(ref _lastWrite, now, last) != last)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(live.WriteAsync(attempt.JobId, Snapshot()));
    }

    private static long? Known(ref long count) => Interlocked.Read(ref count) is var value and >= 0 ? value : null;

    private static void Raise(ref long field, long value)
    {
        var current = Interlocked.Read(ref field);
        while (current < value && Interlocked.CompareExchange(ref field, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
