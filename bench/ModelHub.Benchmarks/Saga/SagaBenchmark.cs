using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Persistence;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Saga;

/// <summary>
/// N sync jobs submitted through the real Api over HTTP, run by a worker that completes them at once:
/// jobs/s and submit→completed latency, against a bare broker round trip measured in the same run.
/// </summary>
internal static class SagaBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var worker = await InstantSyncService.StartAsync();
        await using var db = JobRuns.CreateDb();
        using var http = options.CreateApiClient();
        var pings = worker.Services.GetRequiredService<IRequestClient<Ping>>();

        Console.WriteLine($"saga: {options.Jobs} jobs, {options.Concurrency} concurrent submitters, worker completes at once");
        await RunSyncJobsAsync(http, db, 50, options.Concurrency); // warm-up: JIT, connection pools, queues
        await PingAsync(pings, 200, options.Concurrency);

        var baseline = await PingAsync(pings, options.Jobs, options.Concurrency);
        var pipeline = await RunSyncJobsAsync(http, db, options.Jobs, options.Concurrency);

        Report.Print("saga",
            new("job throughput", "per s", Better.Higher, pipeline.PerSecond, baseline.PerSecond, "jobs/s vs bare MassTransit round trips/s"),
            new("job latency p50", "ms", Better.Lower, pipeline.Latency.P50Ms, baseline.Latency.P50Ms, "submit→completed vs a round trip"),
            new("job latency p99", "ms", Better.Lower, pipeline.Latency.P99Ms, baseline.Latency.P99Ms, "submit→completed vs a round trip"),
            new("POST /v1/hub/sync p50", "ms", Better.Lower, pipeline.Submit.P50Ms, baseline.Latency.P50Ms, "202 answer vs a round trip"),
            new("POST /v1/hub/sync p99", "ms", Better.Lower, pipeline.Submit.P99Ms, baseline.Latency.P99Ms, "202 answer vs a round trip"));
        return 0;
    }

    private static async Task<Throughput> PingAsync(IRequestClient<Ping> client, int count, int concurrency)
    {
        var samples = new ConcurrentBag<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            var one = Stopwatch.StartNew();
            await client.GetResponse<Pong>(new Ping(NewId.NextGuid()), ct);
            samples.Add(one.Elapsed);
        });
        return new Throughput(count / clock.Elapsed.TotalSeconds, Latencies.Of(samples), Latencies.Of(samples));
    }

    /// <summary>Sync jobs of one repository, which the instant worker completes at once.</summary>
    internal static async Task<Throughput> RunSyncJobsAsync(HttpClient http, ModelHubDbContext db, int count, int concurrency) =>
        (await JobRuns.RunAsync(db, count, concurrency, (_, ct) => http.SubmitSyncAsync("bench/model", ct))).Figures;
}
