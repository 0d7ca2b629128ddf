using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;

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

    /// <summary>POST <paramref name="path"/> with <paramref name="body"/>; the 202's job id (or its first job's).</summary>
    public static async Task<Guid> PostAsync(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (accepted.TryGetProperty("jobs", out var jobs) ? jobs[0] : accepted).GetProperty("id").GetGuid();
    }

    public static ModelHubDbContext CreateDb()
    {
        var options = new DbContextOptionsBuilder<ModelHubDbContext>();
        options.UseModelHubPostgres(BenchOptions.Require("ConnectionStrings__Postgres"));
        return new ModelHubDbContext(options.Options);
    }

    private static async Task<List<JobState>> WaitForCompletionAsync(ModelHubDbContext db, Guid[] ids)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            var finished = await db.Jobs.AsNoTracking().CountAsync(j => ids.Contains(j.CorrelationId) && j.FinishedAt != null);
            if (finished == ids.Length)
            {
                var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.CorrelationId)).ToListAsync();
                var notCompleted = jobs.Where(j => j.CurrentState != JobStateNames.Completed).ToList();
                return notCompleted.Count == 0
                    ? jobs
                    : throw new InvalidOperationException($"{notCompleted.Count} jobs did not complete; the first: {notCompleted[0].CurrentState} {notCompleted[0].Error}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The jobs did not all finish within {Patience}.");
    }
}
