using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Downloads;

/// <summary>
/// Two large LFS files of the simulator's <c>sim/large-file</c> downloaded through the real Api and
/// DownloadService (POST /v1/hub/download → job completed, verified into the store), each beside a
/// baseline measured in the same run from the same upstream: <c>curl -o file &amp;&amp; openssl dgst
/// -sha256 file</c> for the cold download, one <c>curl</c> for the download throttled to 50 MB/s per
/// connection; and the DownloadService's peak resident memory meanwhile.
/// </summary>
internal static class DownloadBenchmark
{
    private const string Repo = "sim/large-file";
    private const string ColdPath = "cold.safetensors";
    private const string ThrottledPath = "throttled.safetensors";
    private const long ThrottleBytesPerSecond = 50_000_000;
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
        var size = SizeLabel(cold.Size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sync: {syncSeconds:F1} s; {ColdPath} and {ThrottledPath}: {cold.Size} bytes each"));

        Console.WriteLine($"cold: {ColdPath} through ModelHub, then curl -o + openssl dgst -sha256");
        var modelHubCold = await DownloadAsync(api, store, service, cold);
        var curlCold = await CurlThenHashAsync(upstream, scratch, cold);
        Print("  ModelHub", modelHubCold, cold.Size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  baseline  {curlCold.Seconds:F2} s = curl {curlCold.CurlSeconds:F2} s ({Rate(cold.Size, curlCold.CurlSeconds):F0} MB/s) + openssl {curlCold.HashSeconds:F2} s; sha256 {curlCold.Sha256} = the blob's name"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"            (not fsynced: `sync` of curl's file then took {curlCold.SyncSeconds:F2} s more; ModelHub's time includes its fsync)"));

        Console.WriteLine($"throttled: the simulator sends {ThrottleBytesPerSecond / 1_000_000} MB/s per connection for {Repo}; {ThrottledPath} through ModelHub, then one curl");
        (await sim.PutAsJsonAsync($"/_sim/repos/{Repo}/faults", new { bytesPerSecond = ThrottleBytesPerSecond })).EnsureSuccessStatusCode();
        var modelHubThrottled = await DownloadAsync(api, store, service, throttled);
        var curlThrottled = await CurlCappedAsync(upstream, scratch, throttled, options.CurlMaxSeconds);
        (await sim.DeleteAsync($"/_sim/repos/{Repo}/faults")).EnsureSuccessStatusCode();
        Print("  ModelHub", modelHubThrottled, throttled.Size);
        Console.WriteLine(curlThrottled.Complete
            ? string.Create(CultureInfo.InvariantCulture,
                $"  baseline  {curlThrottled.Seconds:F2} s, one curl, the whole file ({Rate(throttled.Size, curlThrottled.Seconds):F1} MB/s)")
            : string.Create(CultureInfo.InvariantCulture,
                $"  baseline  {curlThrottled.Seconds:F1} s extrapolated: one curl stopped by --max-time {options.CurlMaxSeconds} after {curlThrottled.Bytes} of {throttled.Size} bytes in {curlThrottled.CurlSeconds:F2} s ({Rate(curlThrottled.Bytes, curlThrottled.CurlSeconds):F1} MB/s)"));

        var peakKb = Math.Max(modelHubCold.PeakKb, modelHubThrottled.PeakKb);
        var reset = modelHubCold.PeakReset ? "peak reset before each" : "peak since the service started: clear_refs was refused";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DownloadService memory: VmHWM {modelHubCold.PeakKb} kB after the cold download, {modelHubThrottled.PeakKb} kB after the throttled one ({reset})"
            + $"; highest VmRSS sampled every {RssInterval.TotalMilliseconds:F0} ms: {modelHubCold.SampledKb} kB and {modelHubThrottled.SampledKb} kB; now {service.RssParts}"));

        Console.WriteLine($"load average after: {Machine.LoadAverage()}");
        Report.Print("download",
            new($"cold {size} → store", "s", Better.Lower, modelHubCold.Seconds, curlCold.Seconds, "curl -o + openssl dgst -sha256")
            {
                Goal = Goal.RatioAtMost(1.0),
            },
            new("cold, verified", "MB/s", Better.Higher, Rate(cold.Size, modelHubCold.Seconds), Rate(cold.Size, curlCold.Seconds), "the same"),
            new($"cold {size}, durable", "s", Better.Lower, modelHubCold.Seconds, curlCold.Seconds + curlCold.SyncSeconds, "the same + sync of curl's file, as ModelHub fsyncs"),
            new($"throttled {size}", "s", Better.Lower, modelHubThrottled.Seconds, curlThrottled.Seconds,
                $"one curl{(curlThrottled.Complete ? "" : " (extrapolated)")}, upstream 50 MB/s per connection"),
            new("throttled", "MB/s", Better.Higher, Rate(throttled.Size, modelHubThrottled.Seconds), Rate(throttled.Size, curlThrottled.Seconds), "the same")
            {
                Goal = Goal.RatioAtLeast(4),
            },
            new("DownloadService peak RSS", "MB", Better.Lower, peakKb * 1024 / 1e6, restKb * 1024 / 1e6, "its RSS at rest, before the downloads (VmHWM during them)")
            {
                Goal = Goal.FigureAtMost(RssGoalMb),
            });

        RemoveDownloadedBlobs(store, cold, throttled);
        if (modelHubCold.Failure is not null || modelHubThrottled.Failure is not null)
        {
            Console.Error.WriteLine("\nModelHub's figures are missing (NaN): its downloads did not complete; only the baselines were measured.");
            return 1;
        }

        return 0;
    }

    private static async Task<double> SyncAsync(HttpClient api)
    {
        var clock = Stopwatch.StartNew();
        await api.WaitForJobToCompleteAsync(await api.SubmitSyncAsync(Repo), Patience, PollInterval);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<Dictionary<string, Artifact>> FilesAsync(HttpClient api)
    {
        var page = await api.GetFromJsonAsync<JsonElement>($"/v1/hub/models/{Repo}/files?revision=main&limit=500");
        var files = page.GetProperty("items").EnumerateArray()
            .Select(f => new Artifact(f.GetProperty("id").GetGuid(), f.GetProperty("path").GetString()!, f.GetProperty("size").GetInt64(), f.GetProperty("sha256").GetString()!))
            .ToDictionary(f => f.Path, StringComparer.Ordinal);
        return files.ContainsKey(ColdPath) && files.ContainsKey(ThrottledPath)
            ? files
            : throw new InvalidOperationException($"{Repo} has no {ColdPath} or {ThrottledPath} after the sync: is the simulator too old?");
    }

    /// <summary>POST /v1/hub/download → job completed, sampling the DownloadService's memory meanwhile; then the blob is checked.</summary>
    private static async Task<ModelHubRun> DownloadAsync(HttpClient api, string store, ServiceProcess service, Artifact file)
    {
        var blob = BlobPath(store, file.Sha256);
        if (File.Exists(blob))
        {
            throw new InvalidOperationException(
                $"{file.Path} is already stored ({blob}): the run would measure deduplication, not a download. Is the file smaller than Sync:SmallFileLimitBytes?");
        }

        await SettleDiskAsync();
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

        return new ModelHubRun(seconds, job!.RunSeconds(), writtenAt?.TotalSeconds, job!["summary"]?.ToString() ?? "", sampledKb, peakKb, peakReset, null);
    }

    /// <summary>The time from the POST to the completed job, or why ModelHub could not download the file.</summary>
    private static async Task<(double Seconds, JsonNode? Job, string? Failure)> SubmitAndWaitAsync(HttpClient api, Artifact file, Stopwatch clock)
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

    /// <summary>The baseline of the cold download: the file to disk with curl, then its SHA-256 with openssl, timed together.</summary>
    private static async Task<CurlAndHash> CurlThenHashAsync(Uri upstream, string scratch, Artifact file)
    {
        var target = Path.Combine(scratch, "cold.bin");
        await SettleDiskAsync();
        var clock = Stopwatch.StartNew();
        var curl = await ExternalProcess.RunAsync("curl", "-sS", "-L", "-o", target, ResolveUrl(upstream, file).ToString());
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException(curl.Describe("curl"));
        }

        var openssl = await ExternalProcess.RunAsync("openssl", "dgst", "-sha256", target);
        var seconds = clock.Elapsed.TotalSeconds;
        if (openssl.ExitCode != 0)
        {
            throw new InvalidOperationException(openssl.Describe("openssl"));
        }

        // Not part of the baseline, but ModelHub fsyncs its blob: what durability would add.
        var fsync = await ExternalProcess.RunAsync("sync", target);
        File.Delete(target);

        // "SHA2-256(/path/cold.bin)= 3f…" (OpenSSL 3) or "SHA256(…)= 3f…".
        var sha256 = openssl.Output.Trim().Split("= ")[^1];
        return sha256 == file.Sha256
            ? new CurlAndHash(seconds, curl.Elapsed.TotalSeconds, openssl.Elapsed.TotalSeconds, fsync.Elapsed.TotalSeconds, sha256)
            : throw new InvalidOperationException($"curl's copy of {file.Path} hashes to {sha256}, not {file.Sha256}");
    }

    /// <summary>One curl of the file, stopped after <paramref name="maxSeconds"/>; an unfinished one is extrapolated from its rate.</summary>
    private static async Task<CappedCurl> CurlCappedAsync(Uri upstream, string scratch, Artifact file, int maxSeconds)
    {
        var target = Path.Combine(scratch, "throttled.bin");
        await SettleDiskAsync();
        var curl = await ExternalProcess.RunAsync("curl", "-sS", "-L", "--max-time", maxSeconds.ToString(CultureInfo.InvariantCulture),
            "-o", target, "-w", "%{size_download} %{time_total}", ResolveUrl(upstream, file).ToString());
        File.Delete(target);
        const int OperationTimedOut = 28;
        if (curl.ExitCode is not (0 or OperationTimedOut))
        {
            throw new InvalidOperationException(curl.Describe("curl"));
        }

        var figures = curl.Output.Trim().Split(' ');
        var bytes = long.Parse(figures[0], CultureInfo.InvariantCulture);
        var seconds = double.Parse(figures[1], CultureInfo.InvariantCulture);
        return bytes >= file.Size
            ? new CappedCurl(seconds, true, bytes, seconds)
            : new CappedCurl(file.Size / (bytes / seconds), false, bytes, seconds);
    }

    // Each measure starts with no dirty pages left by the one before (curl's file is not fsynced),
    // so no step pays for an earlier one's writeback.
    private static Task SettleDiskAsync() => ExternalProcess.RunCheckedAsync("sync");

    // The bench's store is thrown away at the next run; two multi-GB blobs need not wait for it.
    private static void RemoveDownloadedBlobs(string store, params Artifact[] files)
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

    private static Uri ResolveUrl(Uri upstream, Artifact file) => new(upstream, $"/{Repo}/resolve/main/{file.Path}");

    private static string BlobPath(string store, string sha256) => Path.Combine(store, "blobs", "sha256", sha256);

    private static double Rate(long bytes, double seconds) => bytes / seconds / 1e6;

    private static string SizeLabel(long bytes) => bytes % (1L << 30) == 0
        ? $"{bytes >> 30} GiB"
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):F0} MiB");

    private sealed record Artifact(Guid Id, string Path, long Size, string Sha256);

    /// <param name="Failure">Why ModelHub did not download the file (then <paramref name="Seconds"/> is NaN).</param>
    /// <param name="WrittenSeconds">When the DownloadService had written the file's size (the transfer's end, seen from the POST), within 100 ms.</param>
    private sealed record ModelHubRun(double Seconds, double? ServerSeconds, double? WrittenSeconds, string Summary, long SampledKb, long PeakKb, bool PeakReset, string? Failure);

    /// <param name="Seconds">curl, then openssl: the baseline.</param>
    /// <param name="SyncSeconds">Then <c>sync FILE</c> (fsync), timed apart: not in <paramref name="Seconds"/>.</param>
    private sealed record CurlAndHash(double Seconds, double CurlSeconds, double HashSeconds, double SyncSeconds, string Sha256);

    /// <param name="Seconds">The whole file's time: measured, or extrapolated from the rate when curl was stopped.</param>
    private sealed record CappedCurl(double Seconds, bool Complete, long Bytes, double CurlSeconds);
}
