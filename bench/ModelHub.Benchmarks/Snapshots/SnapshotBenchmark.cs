using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Contracts.Repositories;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Snapshots;

/// <summary>
/// Snapshot jobs end to end (submit → completed: the Api, the saga, the DownloadService's batches, verified into the
/// store) beside <c>curl --parallel --parallel-max 16</c> fetching the same files from the simulator into a folder in the
/// same run, a curl pass before each snapshot and one after the last (each snapshot into an emptied store; four more 1,000-file
/// snapshots before them all, not counted, warm the services up). Both sides start from the same disk: synced, and no
/// mass deletion just before (<see cref="ScratchSpace"/>). Each counted snapshot samples the DownloadService's and the
/// Api's resident memory and asks the jobs and repositories listings for their first page all along (the listings'
/// figures are the 100,000-file dataset's). The stack's sync stores no file (<c>Sync:SmallFileLimitBytes=0</c>).
/// </summary>
internal static class SnapshotBenchmark
{
    private const int WarmUpSnapshots = 4;

    private static readonly TimeSpan _rssInterval = TimeSpan.FromMilliseconds(100);

    private static readonly SnapshotCase[] _cases =
    [
        new("1,000-file snapshot", "model", "sim/ten-thousand-files", ["data/shard-00/"]),
        new("100,000-file dataset snapshot", "dataset", "sim/image-folder", []),
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(BenchOptions.Require("MODELHUB_BENCH_UPSTREAM"));
        var store = BenchOptions.Require("MODELHUB_BENCH_STORE");
        var download = new ServiceProcess(int.Parse(BenchOptions.Require("MODELHUB_BENCH_DOWNLOAD_PID"), CultureInfo.InvariantCulture));
        var apiProcess = new ServiceProcess(int.Parse(BenchOptions.Require("MODELHUB_BENCH_API_PID"), CultureInfo.InvariantCulture));
        var runs = BenchOptions.NumberSetting("MODELHUB_BENCH_SNAPSHOT_RUNS", 2);
        using var api = options.CreateApiClient();
        using var hub = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(10) };
        Console.WriteLine($"snapshot: from the simulator at {upstream}; {runs} snapshot(s) per case, each after a curl run, and one more curl run after them ({CurlParallel.MaxParallel} at a time)");

        var rows = new List<Measure>();
        var peaks = new Dictionary<string, (double Download, double Api)>();
        using var scratch = new ScratchSpace(store);
        foreach (var run in _cases)
        {
            await api.WaitForJobToCompleteAsync(await api.SubmitSyncAsync(run.Repo, run.RepoType), TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(200));
            var (commit, paths) = await ListAsync(run, hub);
            var curl = new List<CurlPass>();
            async Task CurlPassAsync()
            {
                await ScratchSpace.SyncAsync();
                var seconds = await CurlParallel.FetchAsync(upstream, run.FilePrefix, commit, paths, scratch.NewFolder());
                // What it takes to make curl's files durable too, as a snapshot's are when its job completes.
                curl.Add(new CurlPass(seconds, seconds + await ScratchSpace.SyncAsync()));
            }

            await CurlPassAsync();
            var ours = new List<SnapshotRun>();
            // The services' first snapshots pay for compiling their code paths (the Api's CPU for a 10,000-file snapshot
            // fell from about 6 s to 1.7 s over its first four after a restart): a few, not counted.
            for (var i = 0; run == _cases[0] && i < WarmUpSnapshots; i++)
            {
                await EmptyStoreAsync(scratch);
                var warmUp = await SnapshotAsync(run, api, download, apiProcess, probeListings: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up {i + 1}: {run.Label} in {warmUp.Seconds:F1} s (not counted)"));
            }

            for (var i = 0; i < runs; i++)
            {
                if (i > 0)
                {
                    // curl between the snapshots too: with two snapshots or more, the median of the passes is not one slow pass's.
                    await CurlPassAsync();
                }

                await EmptyStoreAsync(scratch);
                // Both cases ask for the listings all along, so that the Api's peaks differ by the files alone.
                ours.Add(await SnapshotAsync(run, api, download, apiProcess, probeListings: true));
            }

            await CurlPassAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Label}: {paths.Count} files; ModelHub {string.Join(", ", ours.Select(o => $"{o.Seconds:F1} s"))}; "
                + $"curl {string.Join(", ", curl.Select(c => $"{c.Seconds:F1} s"))} (then synced: {string.Join(", ", curl.Select(c => $"{c.DurableSeconds:F1} s"))}); "
                + $"DownloadService peak RSS {string.Join(", ", ours.Select(o => $"{o.DownloadPeakKb} kB"))}, Api {string.Join(", ", ours.Select(o => $"{o.ApiPeakKb} kB"))}; {ours[^1].Summary}"));

            var filesPerSecond = ours.Select(o => paths.Count / o.Seconds).ToList();
            var curlPerSecond = curl.Select(c => paths.Count / c.Seconds).ToList();
            var durablePerSecond = curl.Select(c => paths.Count / c.DurableSeconds).ToList();
            rows.Add(new($"{run.Label}, files per second", "per s", Better.Higher, Latencies.Median(filesPerSecond), Latencies.Median(curlPerSecond),
                $"curl --parallel-max {CurlParallel.MaxParallel} into a folder (median of {curl.Count}: {Latencies.Spread(curlPerSecond)}; ModelHub {Latencies.Spread(filesPerSecond)})")
            {
                Goal = Goal.RatioAtLeast(0.5),
            });
            rows.Add(new($"{run.Label}, files per second vs curl then sync", "per s", Better.Higher, Latencies.Median(filesPerSecond), Latencies.Median(durablePerSecond),
                $"the same curl passes until their files were on disk, as a snapshot's are when it completes (median of {curl.Count}: {Latencies.Spread(durablePerSecond)})"));
            var downloadPeak = ours.Max(o => o.DownloadPeakKb) * 1024 / 1e6;
            var apiPeak = ours.Max(o => o.ApiPeakKb) * 1024 / 1e6;
            peaks[run.Label] = (downloadPeak, apiPeak);
            if (paths.Count > 10_000 && ours.SelectMany(o => o.JobsListing).ToList() is { Count: > 0 } jobsListing)
            {
                var repositoryListing = ours.SelectMany(o => o.RepositoriesListing).ToList();
                rows.Add(new($"{run.Label}, GET /v1/hub/jobs p99 while it runs", "ms", Better.Lower, Latencies.Of(jobsListing).P99Ms, 50,
                    $"the goal; {jobsListing.Count} requests, median {Latencies.Of(jobsListing).P50Ms:F1} ms") { Goal = Goal.FigureAtMost(50) });
                rows.Add(new($"{run.Label}, GET /v1/hub/datasets p99 while it runs", "ms", Better.Lower, Latencies.Of(repositoryListing).P99Ms, 50,
                    $"the goal; {repositoryListing.Count} requests, median {Latencies.Of(repositoryListing).P50Ms:F1} ms") { Goal = Goal.FigureAtMost(50) });
            }
        }

        var (small, large) = (peaks[_cases[0].Label], peaks[_cases[1].Label]);
        rows.Add(new("DownloadService peak RSS, 100,000-file vs 1,000-file snapshot", "MB", Better.Lower, large.Download, small.Download,
            "the same service's peak in the 1,000-file snapshot: flat, not growing with the files") { Goal = Goal.RatioAtMost(1.25) });
        rows.Add(new("Api peak RSS, 100,000-file vs 1,000-file snapshot", "MB", Better.Lower, large.Api, small.Api,
            "the same service's peak in the 1,000-file snapshot") { Goal = Goal.RatioAtMost(1.25) });
        Report.Print("snapshot", [.. rows]);
        return 0;
    }

    private static async Task<SnapshotRun> SnapshotAsync(SnapshotCase run, HttpClient api, ServiceProcess download, ServiceProcess apiProcess, bool probeListings)
    {
        download.TryResetPeak();
        apiProcess.TryResetPeak();
        var clock = Stopwatch.StartNew();
        var id = await api.SubmitAsync("/v1/hub/download", new { repo_id = run.Repo, repo_type = run.RepoType, include = run.Include });
        var job = api.WaitForJobToCompleteAsync(id, TimeSpan.FromMinutes(30), TimeSpan.FromMilliseconds(100));
        var probe = probeListings ? ListingProbe.RunUntilAsync(api, job) : Task.FromResult<(List<TimeSpan>, List<TimeSpan>)>(([], []));
        var apiPeak = apiProcess.SampleUntilAsync(job, _rssInterval, clock, long.MaxValue);
        var (downloadPeak, _) = await download.SampleUntilAsync(job, _rssInterval, clock, long.MaxValue);
        var done = await job;
        var seconds = clock.Elapsed.TotalSeconds;
        var (jobs, repositories) = await probe;
        return new SnapshotRun(seconds, Math.Max(downloadPeak, download.PeakKb), Math.Max((await apiPeak).HighestRssKb, apiProcess.PeakKb),
            done["summary"]?.GetValue<string>() ?? "", jobs, repositories);
    }

    /// <summary>The snapshot's files as the upstream lists them (through the same patterns), and the commit.</summary>
    private static async Task<(string Commit, List<string> Paths)> ListAsync(SnapshotCase run, HttpClient hub)
    {
        var info = await hub.GetFromJsonAsync<JsonElement>($"{run.ApiFolder}/{run.Repo}/revision/main");
        var commit = info.GetProperty("sha").GetString()!;
        var selected = FilePatterns.Selector(run.Include, []);
        var paths = new List<string>();
        for (string? next = $"{run.ApiFolder}/{run.Repo}/tree/{commit}?recursive=true&expand=false"; next is not null;)
        {
            using var page = await hub.GetAsync(next);
            var entries = await page.Content.ReadFromJsonAsync<JsonElement>();
            paths.AddRange(entries.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()!).Where(selected));
            next = LinkHeaders.Next(page);
        }

        return (commit, paths);
    }

    /// <summary>Each snapshot fetches every file: the store's blobs go before it, and the disk is synced, as before a curl pass.</summary>
    private static async Task EmptyStoreAsync(ScratchSpace scratch)
    {
        scratch.EmptyStore();
        await ScratchSpace.SyncAsync();
    }

    private sealed record CurlPass(double Seconds, double DurableSeconds);

    private sealed record SnapshotRun(double Seconds, long DownloadPeakKb, long ApiPeakKb, string Summary, List<TimeSpan> JobsListing, List<TimeSpan> RepositoriesListing);
}
