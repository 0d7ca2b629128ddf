using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks;

/// <summary>How fast a batch went: per second, the latency of each item, and of its submission.</summary>
internal sealed record Throughput(double PerSecond, Latencies Latency, Latencies Submit);

/// <summary>
/// Many jobs submitted through the Api over HTTP, a few at a time, then followed to their end in the
/// job table: jobs/s from the first job's creation to the last one's finish, and each job's
/// created_at → finished_at (the saga's own timestamps, so polling adds nothing).
/// </summary>
internal static class JobRuns
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Calls <paramref name="submit"/> <paramref name="count"/> times, <paramref name="concurrency"/> at once; each returns its job's id.</summary>
    public static async Task<(Throughput Figures, List<JobState> Jobs)> RunAsync(
        ModelHubDbContext db, int count, int concurrency, Func<int, CancellationToken, Task<Guid>> submit)
    {
        var ids = new ConcurrentBag<Guid>();
        var submits = new ConcurrentBag<TimeSpan>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var one = Stopwatch.StartNew();
            var id = await submit(i, ct);
            submits.Add(one.Elapsed);
            ids.Add(id);
        });

        var jobs = await WaitForCompletionAsync(db, [.. ids]);
        var span = jobs.Max(j => j.FinishedAt!.Value) - jobs.Min(j => j.CreatedAt);
        var figures = new Throughput(count / span.TotalSeconds, Latencies.Of(jobs.Select(j => j.FinishedAt!.Value - j.CreatedAt)), Latencies.Of(submits));
        return (figures, jobs);
    }

    public static ModelHubDbContext CreateDb()
    {
        var options = new DbContextOptionsBuilder<ModelHubDbContext>();
        options.UseModelHubPostgres(BenchOptions.Require("ConnectionStrings__Postgres"));
        return new ModelHubDbContext(options.Options);
    }

    /// <summary>Counts finished rows rather than loading them while it waits: a thousand jobs read ten times a second would load the database under measurement.</summary>
    private static async Task<List<JobState>> WaitForCompletionAsync(ModelHubDbContext db, Guid[] ids)
    {
        await Poll.UntilAsync(() => db.Jobs.AsNoTracking().CountAsync(j => ids.Contains(j.CorrelationId) && j.FinishedAt != null),
            finished => finished == ids.Length, Patience, finished => $"{finished} of {ids.Length} jobs finished");
        var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.CorrelationId)).ToListAsync();
        var notCompleted = jobs.Where(j => j.CurrentState != JobStateNames.Completed).ToList();
        return notCompleted.Count == 0
            ? jobs
            : throw new InvalidOperationException(
                $"{notCompleted.Count} jobs did not complete ({JobRows.Describe(jobs)}); the first: {notCompleted[0].CurrentState} {notCompleted[0].Error}");
    }
}
