using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Downloads;

/// <summary>
/// Two large LFS files of the simulator's <c>sim/large-file</c> downloaded through the real Api and
/// DownloadService (POST /v1/hub/download → job completed, verified into the store), each side
/// <c>MODELHUB_BENCH_DOWNLOAD_RUNS</c> times (3), alternating which goes first, the blob removed between runs so each is
/// cold; medians and spreads. The cold download beside <c>curl -o file &amp;&amp; openssl dgst -sha256 file</c>; the
/// download throttled to 50 MB/s per connection beside its physical limit (connections × 50 MB/s) and beside one
/// <c>curl --parallel</c> fetching as many ranges; the cold download with the simulator dropping the connection every
/// 256 MiB beside the same download clean (ModelHub both, alternating); and the DownloadService's peak resident memory meanwhile.
/// </summary>
internal static class DownloadBenchmark
{
    private const string Repo = "sim/large-file";
    private const string ColdPath = "cold.safetensors";
    private const string ThrottledPath = "throttled.safetensors";
    private const long ThrottleBytesPerSecond = 50_000_000;
    private const long DropEveryBytes = 256L * 1024 * 1024;
    private const double RssGoalMb = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RssInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(BenchOptions.Require("MODELHUB_BENCH_UPSTREAM"));
        var store = Path.GetFullPath(BenchOptions.Require("MODELHUB_BENCH_STORE"));
        var service = new ServiceProcess(int.Parse(BenchOptions.Require("MODELHUB_BENCH_DOWNLOAD_PID"), CultureInfo.InvariantCulture));

        // Beside the store, on the same disk: curl's file is written where ModelHub's blob is.
        var scratch = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(store)!, "bench-download")).FullName;
        using var api = options.CreateApiClient();
        using var sim = new HttpClient { BaseAddress = upstream };
        try
        {
            return await MeasureAsync(options, upstream, store, scratch, service, api, sim);
        }
        finally
        {
            await sim.DeleteAsync($"/_sim/repos/{Repo}/faults");
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(
        BenchOptions options, Uri upstream, string store, string scratch, ServiceProcess service, HttpClient api, HttpClient sim)
    {
        Console.WriteLine($"download: {Repo} from the simulator at {upstream} (the upstream; it shares this machine's {Environment.ProcessorCount} cores with ModelHub and the baseline tools)");
        Console.WriteLine($"load average before: {Machine.LoadAverage()}");
        var restKb = service.RssKb;
        Console.WriteLine($"DownloadService pid {service.Pid}, {DownloadSettings()}; at rest {service.RssParts}");

        // The simulator computes a file's SHA-256 (its LFS oid) the first time a listing needs it.
        var hashing = Stopwatch.StartNew();
        (await sim.GetAsync($"/api/models/{Repo}/tree/main?recursive=true")).EnsureSuccessStatusCode();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulator: first tree listing {hashing.Elapsed.TotalSeconds:F1} s (it generates and hashes both files once, for their LFS oids)"));

        var syncSeconds = await SyncAsync(api);
        var files = await FilesAsync(api);
        var cold = files[ColdPath];
        var throttled = files[ThrottledPath];
        var size = ByteSizes.Label(cold.Size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sync: {syncSeconds:F1} s; {ColdPath} and {ThrottledPath}: {cold.Size} bytes each"));

        var runs = BenchOptions.NumberSetting("MODELHUB_BENCH_DOWNLOAD_RUNS", 3);
        Console.WriteLine($"cold: {ColdPath}, {runs} runs a side, alternating which goes first: ModelHub (POST → job completed), curl -o + openssl dgst -sha256");
        var (modelHubCold, curlCold) = await AlternateAsync(runs,
            () => DownloadAsync(api, store, service, cold),
            () => CurlBaselines.CurlThenHashAsync(ResolveUrl(upstream, cold), scratch, cold));
        foreach (var (run, curl) in modelHubCold.Zip(curlCold))
        {
            Print("  ModelHub", run, cold.Size);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  baseline  {curl.Seconds:F2} s = curl {curl.CurlSeconds:F2} s + openssl {curl.HashSeconds:F2} s (then `sync` of curl's file {curl.SyncSeconds:F2} s)"));
        }

        var connections = Connections();
        var limit = connections * ThrottleBytesPerSecond / 1e6;
        Console.WriteLine($"throttled: the simulator sends {ThrottleBytesPerSecond / 1_000_000} MB/s per connection for {Repo}; {ThrottledPath}, {runs} runs a side, alternating: "
            + $"ModelHub over {connections} connections, curl --parallel over {connections} ranges; the physical limit is {limit:F0} MB/s");
        (await sim.PutAsJsonAsync($"/_sim/repos/{Repo}/faults", new { bytesPerSecond = ThrottleBytesPerSecond })).EnsureSuccessStatusCode();
        var (modelHubThrottled, curlRanges) = await AlternateAsync(runs,
            () => DownloadAsync(api, store, service, throttled),
            () => CurlBaselines.CurlRangesAsync(ResolveUrl(upstream, throttled), scratch, throttled, connections));
        (await sim.DeleteAsync($"/_sim/repos/{Repo}/faults")).EnsureSuccessStatusCode();
        foreach (var (run, curl) in modelHubThrottled.Zip(curlRanges))
        {
            Print("  ModelHub", run, throttled.Size);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  curl --parallel {curl:F2} s ({Rate(throttled.Size, curl):F0} MB/s)"));
        }

        var (modelHubDropped, modelHubClean) = await DroppedLinkAsync(api, sim, store, service, cold, runs);
        var all = modelHubCold.Concat(modelHubThrottled).Concat(modelHubDropped).Concat(modelHubClean).ToList();
        var peakKb = all.Max(r => r.PeakKb);
        var reset = all[0].PeakReset ? "peak reset before each" : "peak since the service started: clear_refs was refused";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DownloadService memory: VmHWM up to {peakKb} kB over the {all.Count} downloads ({reset}); highest VmRSS sampled every {RssInterval.TotalMilliseconds:F0} ms: {all.Max(r => r.SampledKb)} kB; now {service.RssParts}"));

        Console.WriteLine($"load average after: {Machine.LoadAverage()}");
        var hub = Latencies.Median(modelHubCold.Select(r => r.Seconds));
        var baseline = Latencies.Median(curlCold.Select(c => c.Seconds));
        var sides = $"medians of {runs}, alternating order; ModelHub {Latencies.Spread(modelHubCold.Select(r => r.Seconds))} s, baseline {Latencies.Spread(curlCold.Select(c => c.Seconds))} s";
        var throttledRate = Latencies.Median(modelHubThrottled.Select(r => Rate(throttled.Size, r.Seconds)));
        Report.Print("download",
            new($"cold {size} → store", "s", Better.Lower, hub, baseline, $"curl -o + openssl dgst -sha256; {sides}")
            {
                Goal = Goal.RatioAtMost(1.0),
            },
            new("cold, verified", "MB/s", Better.Higher, Rate(cold.Size, hub), Rate(cold.Size, baseline), "the same"),
            new($"cold {size}, durable", "s", Better.Lower, hub, Latencies.Median(curlCold.Select(c => c.Seconds + c.SyncSeconds)),
                "the same + sync of curl's file, as ModelHub fsyncs"),
            new($"throttled {size}, share of the physical limit", "MB/s", Better.Higher, throttledRate, limit,
                $"{connections} connections × {ThrottleBytesPerSecond / 1_000_000} MB/s, the upstream's cap per connection; median of {runs} "
                + $"({Latencies.Spread(modelHubThrottled.Select(r => Rate(throttled.Size, r.Seconds)))} MB/s)")
            {
                Goal = Goal.RatioAtLeast(0.9),
            },
            new($"throttled {size} vs curl --parallel", "MB/s", Better.Higher, throttledRate, Latencies.Median(curlRanges.Select(c => Rate(throttled.Size, c))),
                $"one curl --parallel over {connections} ranges, not verified; medians of {runs}, alternating order ({Latencies.Spread(curlRanges.Select(c => Rate(throttled.Size, c)))} MB/s)"),
            new($"cold {size}, link dropped every {DropEveryBytes >> 20} MiB", "s", Better.Lower,
                Latencies.Median(modelHubDropped.Select(r => r.Seconds)), Latencies.Median(modelHubClean.Select(r => r.Seconds)),
                $"the same download with no drop, ModelHub both; medians of {runs}, alternating order ({Latencies.Spread(modelHubDropped.Select(r => r.Seconds))} s vs "
                + $"{Latencies.Spread(modelHubClean.Select(r => r.Seconds))} s)")
            {
                Goal = Goal.RatioAtMost(1.3),
            },
            new("DownloadService peak RSS", "MB", Better.Lower, peakKb * 1024 / 1e6, restKb * 1024 / 1e6, "its RSS at rest, before the downloads (VmHWM during them)")
            {
                Goal = Goal.FigureAtMost(RssGoalMb),
            });

        RemoveDownloadedBlobs(store, cold, throttled);
        if (all.Any(r => r.Failure is not null))
        {
            Console.Error.WriteLine("\nModelHub's figures are missing (NaN): its downloads did not complete; only the baselines were measured.");
            return 1;
        }

        return 0;
    }

    /// <summary>The cold download with the simulator dropping a connection every <see cref="DropEveryBytes"/>, and the same clean, alternating.</summary>
    private static async Task<(List<ModelHubRun> Dropped, List<ModelHubRun> Clean)> DroppedLinkAsync(
        HttpClient api, HttpClient sim, string store, ServiceProcess service, BenchArtifact cold, int runs)
    {
        Console.WriteLine($"dropped link: {ColdPath}, the simulator aborting a connection each time {DropEveryBytes >> 20} MiB more of it have gone out "
            + $"(each body that breaks goes on where it stopped), beside the same download with no drop; {runs} runs a side, alternating");
        var (droppedRequests, cleanRequests) = (new List<int>(), new List<int>());
        var (dropped, clean) = await AlternateAsync(runs,
            () => CountingRequestsAsync(sim, droppedRequests,
                () => WithFaultsAsync(sim, new { dropEveryBytes = DropEveryBytes }, () => DownloadAsync(api, store, service, cold))),
            () => CountingRequestsAsync(sim, cleanRequests, () => DownloadAsync(api, store, service, cold)));
        foreach (var ((withDrops, withoutDrops), (dropRequests, cleanCount)) in dropped.Zip(clean).Zip(droppedRequests.Zip(cleanRequests)))
        {
            Print("  dropped ", withDrops, cold.Size);
            Console.WriteLine($"            {dropRequests} requests for the file's bytes: {dropRequests - cleanCount} more than the clean run's {cleanCount}, the bodies continued after a drop");
            Print("  clean   ", withoutDrops, cold.Size);
        }

        return (dropped, clean);
    }

    /// <summary><paramref name="download"/>, and how many requests for file bytes (the simulator's <c>cdn</c> kind) it made, into <paramref name="counts"/>.</summary>
    private static async Task<ModelHubRun> CountingRequestsAsync(HttpClient sim, List<int> counts, Func<Task<ModelHubRun>> download)
    {
        (await sim.DeleteAsync("/_sim/requests")).EnsureSuccessStatusCode();
        var run = await download();
        var log = await sim.GetFromJsonAsync<JsonElement>($"/_sim/requests?repo={Repo}&limit=0");
        counts.Add(log.GetProperty("byKind").TryGetProperty("cdn", out var cdn) ? cdn.GetInt32() : 0);
        return run;
    }

    /// <summary><paramref name="download"/> with the simulator's repository faults set to <paramref name="faults"/>, cleared after.</summary>
    private static async Task<ModelHubRun> WithFaultsAsync(HttpClient sim, object faults, Func<Task<ModelHubRun>> download)
    {
        (await sim.PutAsJsonAsync($"/_sim/repos/{Repo}/faults", faults)).EnsureSuccessStatusCode();
        try
        {
            return await download();
        }
        finally
        {
            (await sim.DeleteAsync($"/_sim/repos/{Repo}/faults")).EnsureSuccessStatusCode();
        }
    }

    private static async Task<double> SyncAsync(HttpClient api)
    {
        var clock = Stopwatch.StartNew();
        await api.WaitForJobToCompleteAsync(await api.SubmitSyncAsync(Repo), Patience, PollInterval);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<Dictionary<string, BenchArtifact>> FilesAsync(HttpClient api)
    {
        var files = (await BenchArtifact.ListAsync(api, Repo)).ToDictionary(f => f.Path, StringComparer.Ordinal);
        return files.ContainsKey(ColdPath) && files.ContainsKey(ThrottledPath)
            ? files
            : throw new InvalidOperationException($"{Repo} has no {ColdPath} or {ThrottledPath} after the sync: is the simulator too old?");
    }

    /// <summary>POST /v1/hub/download → job completed, sampling the DownloadService's memory meanwhile; then the blob is checked.</summary>
    private static async Task<ModelHubRun> DownloadAsync(HttpClient api, string store, ServiceProcess service, BenchArtifact file)
    {
        var blob = BlobPath(store, file.Sha256);
        if (File.Exists(blob))
        {
            throw new InvalidOperationException(
                $"{file.Path} is already stored ({blob}): the run would measure deduplication, not a download. Is the file smaller than Sync:SmallFileLimitBytes?");
        }

        await CurlBaselines.SettleDiskAsync();
        var peakReset = service.TryResetPeak();
        var clock = Stopwatch.StartNew();
        var work = SubmitAndWaitAsync(api, file, clock);
        var (sampledKb, writtenAt) = await service.SampleUntilAsync(work, RssInterval, clock, file.Size);
        var (seconds, job, failure) = await work;
        var peakKb = service.PeakKb;
        if (failure is not null)
        {
            return new ModelHubRun(double.NaN, null, null, "", sampledKb, peakKb, peakReset, failure);
        }

        var stored = new FileInfo(blob);
        if (!stored.Exists || stored.Length != file.Size)
        {
            throw new InvalidOperationException($"the job completed but {blob} is {(stored.Exists ? $"{stored.Length} bytes, not {file.Size}" : "missing")}");
        }

        // Gone again, so the next run of this file is as cold as this one (the artifact is fetched again when its blob is missing).
        File.Delete(blob);
        return new ModelHubRun(seconds, job!.RunSeconds(), writtenAt?.TotalSeconds, job!["summary"]?.ToString() ?? "", sampledKb, peakKb, peakReset, null);
    }

    /// <summary>The time from the POST to the completed job, or why ModelHub could not download the file.</summary>
    private static async Task<(double Seconds, JsonNode? Job, string? Failure)> SubmitAndWaitAsync(HttpClient api, BenchArtifact file, Stopwatch clock)
    {
        Guid id;
        try
        {
            id = await api.SubmitDownloadAsync(file.Id);
        }
        catch (InvalidOperationException refused)
        {
            return (double.NaN, null, refused.Message);
        }

        var job = await api.WaitForJobToEndAsync(id, Patience, PollInterval);
        var seconds = clock.Elapsed.TotalSeconds;
        return job.State() == "completed"
            ? (seconds, job, null)
            : (double.NaN, job, $"the download job ended {job.State()}: {job["error"]}");
    }

    // The bench's store is thrown away at the next run; two multi-GB blobs need not wait for it.
    private static void RemoveDownloadedBlobs(string store, params BenchArtifact[] files)
    {
        foreach (var file in files)
        {
            File.Delete(BlobPath(store, file.Sha256));
        }

        var links = Path.Combine(store, "metadata", "sim", "large-file");
        if (Directory.Exists(links))
        {
            Directory.Delete(links, recursive: true);
        }

        Console.WriteLine($"\nremoved the downloaded blobs of {Repo} from the throwaway store {store}");
    }

    /// <summary>
    /// Each side <paramref name="runs"/> times, ModelHub first in the even runs and the peer first in the odd ones, so neither
    /// side always meets a warmer or a busier machine.
    /// </summary>
    private static async Task<(List<ModelHubRun> ModelHub, List<T> Peer)> AlternateAsync<T>(int runs, Func<Task<ModelHubRun>> modelHub, Func<Task<T>> peer)
    {
        var (hubRuns, peerRuns) = (new List<ModelHubRun>(), new List<T>());
        for (var run = 0; run < runs; run++)
        {
            if (run % 2 == 1)
            {
                peerRuns.Add(await peer());
            }

            hubRuns.Add(await modelHub());
            if (run % 2 == 0)
            {
                peerRuns.Add(await peer());
            }
        }

        return (hubRuns, peerRuns);
    }

    private static int Connections() =>
        Environment.GetEnvironmentVariable("Downloads__Connections") is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : 8;

    private static void Print(string who, ModelHubRun run, long size) =>
        Console.WriteLine(run.Failure is { } failure
            ? $"{who}  not measured: {failure}"
            : string.Create(CultureInfo.InvariantCulture,
                $"{who}  {run.Seconds:F2} s POST→completed ({Rate(size, run.Seconds):F1} MB/s; job started→finished {run.ServerSeconds:F2} s; "
                + $"{(run.WrittenSeconds is { } written ? $"all bytes written after {written:F2} s, then {run.Seconds - written:F2} s to verify, fsync and commit" : "bytes written: not seen")}); "
                + $"job summary: {run.Summary}"));

    private static string DownloadSettings()
    {
        string Setting(string name, string fallback) => Environment.GetEnvironmentVariable($"Downloads__{name}") is { Length: > 0 } value ? value : fallback;
        return $"Downloads: ParallelThresholdBytes {Setting("ParallelThresholdBytes", "64 MiB (default)")}, "
            + $"Connections {Setting("Connections", "8 (default)")}, ChunkBytes {Setting("ChunkBytes", "16 MiB (default)")}";
    }

    private static Uri ResolveUrl(Uri upstream, BenchArtifact file) => new(upstream, $"/{Repo}/resolve/main/{file.Path}");

    private static string BlobPath(string store, string sha256) => Path.Combine(store, "blobs", "sha256", sha256);

    private static double Rate(long bytes, double seconds) => bytes / seconds / 1e6;
}
