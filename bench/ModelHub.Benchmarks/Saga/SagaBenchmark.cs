using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Persistence;
using ModelHub.Persistence.Jobs;

namespace ModelHub.Benchmarks.Saga;

/// <summary>
/// N sync jobs submitted through the real Api over HTTP, run by a worker that completes them at once:
/// jobs/s and submit→completed latency, against a bare broker round trip measured in the same run.
/// </summary>
internal static class SagaBenchmark
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var worker = await InstantSyncService.StartAsync();
        await using var db = CreateDb();
        using var http = options.CreateApiClient();
        var pings = worker.Services.GetRequiredService<IRequestClient<Ping>>();

        Console.WriteLine($"saga: {options.Jobs} jobs, {options.Concurrency} concurrent submitters, worker completes at once");
        await RunJobsAsync(http, db, 50, options.Concurrency); // warm-up: JIT, connection pools, queues
        await PingAsync(pings, 200, options.Concurrency);

        var baseline = await PingAsync(pings, options.Jobs, options.Concurrency);
        var pipeline = await RunJobsAsync(http, db, options.Jobs, options.Concurrency);

        Report.Print(
            ("throughput (per s)", pipeline.PerSecond, baseline.PerSecond, "jobs/s vs round trips/s"),
            ("latency p50 (ms)", pipeline.Latency.P50Ms, baseline.Latency.P50Ms, "submit→completed vs round trip"),
            ("latency p99 (ms)", pipeline.Latency.P99Ms, baseline.Latency.P99Ms, "submit→completed vs round trip"),
            ("POST /v1/hub/sync p50 (ms)", pipeline.Submit.P50Ms, baseline.Latency.P50Ms, "202 answer vs round trip"),
            ("POST /v1/hub/sync p99 (ms)", pipeline.Submit.P99Ms, baseline.Latency.P99Ms, "202 answer vs round trip"));
        return 0;
    }

    private static async Task<Result> PingAsync(IRequestClient<Ping> client, int count, int concurrency)
    {
        var samples = new ConcurrentBag<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            var one = Stopwatch.StartNew();
            await client.GetResponse<Pong>(new Ping(NewId.NextGuid()), ct);
            samples.Add(one.Elapsed);
        });
        return new Result(count / clock.Elapsed.TotalSeconds, Latencies.Of(samples), Latencies.Of(samples));
    }

    private static async Task<Result> RunJobsAsync(HttpClient http, ModelHubDbContext db, int count, int concurrency)
    {
        var ids = new ConcurrentBag<Guid>();
        var submits = new ConcurrentBag<TimeSpan>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            var one = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/v1/hub/sync", new { repo_id = "bench/model" }, ct);
            submits.Add(one.Elapsed);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /v1/hub/sync answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid());
        });

        var jobs = await WaitForCompletionAsync(db, ids.ToArray());
        var span = jobs.Max(j => j.FinishedAt!.Value) - jobs.Min(j => j.CreatedAt);
        return new Result(count / span.TotalSeconds, Latencies.Of(jobs.Select(j => j.FinishedAt!.Value - j.CreatedAt)), Latencies.Of(submits));
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
                var notCompleted = jobs.Count(j => j.CurrentState != JobStateNames.Completed);
                return notCompleted == 0 ? jobs : throw new InvalidOperationException($"{notCompleted} jobs did not complete.");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The jobs did not all finish within {Patience}.");
    }

    private static ModelHubDbContext CreateDb()
    {
        var options = new DbContextOptionsBuilder<ModelHubDbContext>();
        options.UseModelHubPostgres(BenchOptions.Require("ConnectionStrings__Postgres"));
        return new ModelHubDbContext(options.Options);
    }

    private sealed record Result(double PerSecond, Latencies Latency, Latencies Submit);
}
