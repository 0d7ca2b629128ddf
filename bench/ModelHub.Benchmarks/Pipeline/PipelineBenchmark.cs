using System.Globalization;
using ModelHub.Benchmarks.Saga;
using ModelHub.Benchmarks.Scans;
using ModelHub.Jobs.Records;
using ModelHub.Persistence;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Pipeline;

/// <summary>
/// N download jobs whose bytes are already stored (forks sharing content: <see cref="DedupFixture"/>), each
/// POSTed to the real Api and run end to end (Api → PostgreSQL → RabbitMQ → saga → DownloadService → saga),
/// first with one DownloadService, then with a second instance started by <c>./hub bench-worker</c>.
/// Baselines from the same run: for one worker, the same Api, broker and saga with a worker that completes
/// each job at once (the saga benchmark's path: what the pipeline allows with no work at all); for two
/// workers, the one-worker figures.
/// </summary>
internal static class PipelineBenchmark
{
    private const int WarmUp = 50;
    private const string DedupSummary = "was already stored";

    // The worker does two reads, a Redis lock, one update and two events more than the instant one: at most
    // twice the pipeline's own cost per job.
    private const double OneWorkerGoal = 0.5;
    private const double TwoWorkersGoal = 1.5;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var store = Path.GetFullPath(BenchOptions.Require("MODELHUB_BENCH_STORE"));
        var firstPid = int.Parse(BenchOptions.Require("MODELHUB_BENCH_DOWNLOAD_PID"), CultureInfo.InvariantCulture);
        var (jobs, concurrency) = (options.Jobs, options.Concurrency);

        var fixture = await DedupFixture.CreateAsync(store, (2 * WarmUp) + (2 * jobs));
        var batches = Batches(fixture.Artifacts, jobs);
        Console.WriteLine($"pipeline: {jobs} download jobs per run, {concurrency} concurrent submitters (one POST /v1/hub/download per job); "
            + $"{fixture.Artifacts.Count} artifacts of {fixture.Repositories} forks sharing {DedupFixture.FilesPerRepository} stored blobs of {DedupFixture.BlobBytes} bytes");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores (shared by the Api, PostgreSQL, RabbitMQ, Redis, the workers and this client), {Machine.MemoryTotal()}; load average before: {Machine.LoadAverage()}");

        using var instant = await InstantSyncService.StartAsync();
        await using var db = JobRuns.CreateDb();
        using var http = options.CreateApiClient();

        await SagaBenchmark.RunSyncJobsAsync(http, db, WarmUp, concurrency);
        await DownloadsAsync(http, db, batches.WarmUpOne, concurrency);
        var baseline = await SagaBenchmark.RunSyncJobsAsync(http, db, jobs, concurrency);
        Print("instant worker (sync jobs)", baseline);
        var one = await MeasureAsync(http, db, batches.One, concurrency, "1 DownloadService", [firstPid]);

        var secondPid = await AddWorkerAsync();
        Console.WriteLine($"started a second DownloadService (pid {secondPid}); {WarmUp} jobs to warm it up, not counted");
        await DownloadsAsync(http, db, batches.WarmUpTwo, concurrency);
        var two = await MeasureAsync(http, db, batches.Two, concurrency, "2 DownloadServices", [firstPid, secondPid]);
        Console.WriteLine($"load average after: {Machine.LoadAverage()}");

        Report.Print("pipeline",
            new("dedup download jobs, 1 worker", "per s", Better.Higher, one.PerSecond, baseline.PerSecond,
                $"the same Api, broker and saga with a worker that completes each job at once (sync jobs); {jobs} each")
            {
                Goal = Goal.RatioAtLeast(OneWorkerGoal),
            },
            new("1 worker, latency p50", "ms", Better.Lower, one.Latency.P50Ms, baseline.Latency.P50Ms, "the same; job created_at → finished_at"),
            new("1 worker, latency p99", "ms", Better.Lower, one.Latency.P99Ms, baseline.Latency.P99Ms, "the same"),
            new("dedup download jobs, 2 workers", "per s", Better.Higher, two.PerSecond, one.PerSecond, "1 worker (scaling)")
            {
                Goal = Goal.RatioAtLeast(TwoWorkersGoal),
            },
            new("2 workers, latency p50", "ms", Better.Lower, two.Latency.P50Ms, one.Latency.P50Ms, "1 worker"),
            new("2 workers, latency p99", "ms", Better.Lower, two.Latency.P99Ms, one.Latency.P99Ms, "1 worker"));
        return 0;
    }

    /// <summary>One run, with each worker's CPU time meanwhile (to show both took jobs).</summary>
    private static async Task<Throughput> MeasureAsync(
        HttpClient http, ModelHubDbContext db, IReadOnlyList<Guid> artifacts, int concurrency, string label, int[] workers)
    {
        var cpu = workers.Select(CpuTime.OfProcess).ToArray();
        var figures = await DownloadsAsync(http, db, artifacts, concurrency);
        var used = workers.Select((pid, i) => (CpuTime.OfProcess(pid) - cpu[i]).ToString("F1", CultureInfo.InvariantCulture));
        Print(label, figures);
        Console.WriteLine($"  DownloadService CPU time meanwhile: {string.Join(" s, ", used)} s");
        return figures;
    }

    /// <summary>A job per artifact; every one must have completed as a dedup hit, or the run measured something else.</summary>
    private static async Task<Throughput> DownloadsAsync(HttpClient http, ModelHubDbContext db, IReadOnlyList<Guid> artifacts, int concurrency)
    {
        var (figures, jobs) = await JobRuns.RunAsync(db, artifacts.Count, concurrency,
            (i, ct) => http.SubmitDownloadAsync(artifacts[i], ct));
        var fetched = jobs.Where(j => j.Kind != JobKind.Download || j.Summary?.Contains(DedupSummary, StringComparison.Ordinal) != true).ToList();
        return fetched.Count == 0
            ? figures
            : throw new InvalidOperationException($"{fetched.Count} jobs were not dedup hits, e.g. '{fetched[0].Summary}'");
    }

    /// <summary>
    /// <c>./hub bench-worker download-2</c>: a second DownloadService on the bench stack, started the way
    /// <c>./hub up --workers 2</c> starts one; the last line it prints is the pid.
    /// </summary>
    private static async Task<int> AddWorkerAsync()
    {
        var run = await ExternalProcess.RunAsync(BenchOptions.Require("MODELHUB_BENCH_HUB"), "bench-worker", "download-2");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return run.ExitCode == 0 && lines.Length > 0 && int.TryParse(lines[^1], CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new InvalidOperationException($"starting a second DownloadService failed: {run.Output} {run.Error}".Trim());
    }

    private static void Print(string label, Throughput figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-28} {figures.PerSecond,7:F1} jobs/s; created→finished p50 {figures.Latency.P50Ms:F0} ms, p99 {figures.Latency.P99Ms:F0} ms; POST p50 {figures.Submit.P50Ms:F1} ms, p99 {figures.Submit.P99Ms:F1} ms"));

    private static (Guid[] WarmUpOne, Guid[] One, Guid[] WarmUpTwo, Guid[] Two) Batches(IReadOnlyList<Guid> artifacts, int jobs) =>
        ([.. artifacts.Take(WarmUp)], [.. artifacts.Skip(WarmUp).Take(jobs)], [.. artifacts.Skip(WarmUp + jobs).Take(WarmUp)], [.. artifacts.Skip((2 * WarmUp) + jobs)]);
}
