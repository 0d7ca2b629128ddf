using ModelHub.Jobs.Progress;
using ModelHub.Jobs.Records;

namespace ModelHub.Api.Management.Jobs;

/// <summary>
/// How far a job has got: bytes and, for work counted in items (files, blobs), items; rates and the time
/// left come from the worker's live figures while the job runs. <see cref="Percent"/> is of the bytes when
/// their total is known, else of the items.
/// </summary>
public sealed record JobProgressResponse(long BytesDone, long? BytesTotal, double? Percent)
{
    /// <summary>Bytes per second, while the job runs (live figures from the worker).</summary>
    public double? BytesPerSecond { get; init; }

    /// <summary>Seconds left at the current rate, while the job runs and its total is known.</summary>
    public double? EtaSeconds { get; init; }

    public long? ItemsDone { get; init; }

    public long? ItemsTotal { get; init; }

    /// <summary>What an item is: <c>files</c>, <c>blobs</c>.</summary>
    public string? ItemsUnit { get; init; }

    /// <summary>Items that failed while the others went on (a snapshot's files); null for a job that counts none.</summary>
    public long? ItemsFailed { get; init; }

    /// <summary>Items per second, while the job runs.</summary>
    public double? ItemsPerSecond { get; init; }

    public static JobProgressResponse Of(JobState job) =>
        Of(job.BytesDone, job.BytesTotal, job.ItemsUnit is null ? null : job.ItemsDone, job.ItemsTotal, job.ItemsUnit) with
        {
            ItemsFailed = job.ItemsUnit is null ? null : job.ItemsFailed,
        };

    public static JobProgressResponse Live(LiveProgressFigures live)
    {
        var items = live.ItemsUnit is null ? (long?)null : live.ItemsDone;
        var eta = live.BytesTotal is { } bytes && live.BytesPerSecond > 0 ? (bytes - live.BytesDone) / live.BytesPerSecond
            : live.ItemsTotal is { } total && items is { } done && live.ItemsPerSecond > 0 ? (total - done) / live.ItemsPerSecond
            : (double?)null;
        return Of(live.BytesDone, live.BytesTotal, items, live.ItemsTotal, live.ItemsUnit) with
        {
            BytesPerSecond = Math.Round(live.BytesPerSecond),
            EtaSeconds = eta is { } seconds ? Math.Round(Math.Max(0, seconds), 1) : null,
            ItemsPerSecond = items is null ? null : Math.Round(live.ItemsPerSecond, 1),
            ItemsFailed = items is null ? null : live.ItemsFailed,
        };
    }

    private static JobProgressResponse Of(long bytesDone, long? bytesTotal, long? itemsDone, long? itemsTotal, string? unit) =>
        new(bytesDone, bytesTotal, PercentOf(bytesDone, bytesTotal) ?? (itemsDone is { } done ? PercentOf(done, itemsTotal) : null))
        {
            ItemsDone = itemsDone,
            ItemsTotal = itemsTotal,
            ItemsUnit = unit,
        };

    private static double? PercentOf(long done, long? total) => total is > 0 ? Math.Round(100.0 * done / total.Value, 1) : null;
}
