using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Scans;

/// <summary>
/// The ScanService's verify (POST /v1/hub/scan {"mode":"verify"} → job completed, every blob
/// re-hashed) over a generated store of at least 4 GiB, beside baselines measured in the same run
/// over the same files: one <c>openssl dgst -sha256 FILE…</c> (sequential), and as many openssl
/// processes at once as the scan hashes blobs at once. The runs alternate, best of two each; with
/// the files in the page cache, and cold too when this process may drop the page cache.
/// </summary>
internal static class VerifyBenchmark
{
    private const long DefaultBytes = 4L << 30;
    /// <summary>The store size the goal is set for: a smaller run is quick, not the figure.</summary>
    private const long GoalBytes = 4L << 30;
    private const int DefaultRuns = 2;
    private const string DropCaches = "/proc/sys/vm/drop_caches";
    // The wall time comes from the job's finished_at, not from when a poll sees it: polls can be sparse,
    // and take little CPU from the scan (the Api and the scan share this machine's cores).
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var store = Path.GetFullPath(BenchOptions.Require("MODELHUB_BENCH_STORE"));
        var totalBytes = BenchOptions.NumberSetting("MODELHUB_BENCH_SCAN_BYTES", DefaultBytes);
        var parallelism = ScanParallelism();
        var runs = BenchOptions.NumberSetting("MODELHUB_BENCH_SCAN_RUNS", DefaultRuns);
        var scanPid = int.Parse(BenchOptions.Require("MODELHUB_BENCH_SCAN_PID"), CultureInfo.InvariantCulture);
        var written = new List<GeneratedBlob>();
        using var api = options.CreateApiClient();
        try
        {
            return await MeasureAsync(api, store, totalBytes, runs, parallelism, scanPid, written);
        }
        finally
        {
            foreach (var blob in written)
            {
                File.Delete(blob.Path);
            }

            Console.WriteLine($"\nremoved the {written.Count} generated files from the throwaway store {store}");
        }
    }

    private static async Task<int> MeasureAsync(
        HttpClient api, string store, long totalBytes, int runs, int parallelism, int scanPid, List<GeneratedBlob> blobs)
    {
        var plan = GeneratedStore.Plan(totalBytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scan: verify of {Size(totalBytes)} ({totalBytes} bytes) in {GeneratedStore.Describe(plan)}"));
        if (totalBytes < GoalBytes)
        {
            Console.WriteLine($"  (MODELHUB_BENCH_SCAN_BYTES is below the {Size(GoalBytes)} the goal is set for: a quick run, not the figure)");
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Machine.MemoryTotal()}; load average before: {Machine.LoadAverage()}");
        Console.WriteLine($"ScanService (pid {scanPid}): Scan:Parallelism {parallelism} ({(Environment.GetEnvironmentVariable("Scan__Parallelism") is { Length: > 0 } ? "Scan__Parallelism" : "default min(cores, 4)")})"
            + $"; the parallel baseline runs {parallelism} openssl processes at once");

        var seconds = GeneratedStore.Write(store, plan, blobs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {blobs.Count} files in {seconds:F1} s ({Rate(totalBytes, seconds):F2} GB/s: SplitMix64 bytes, SHA-256 while writing, 1 MiB buffer)"));
        var settle = Stopwatch.StartNew();
        await SyncAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sync (writeback of the generated files before measuring): {settle.Elapsed.TotalSeconds:F1} s"));

        var groups = SplitByBytes(blobs, parallelism);
        var warmUp = Stopwatch.StartNew();
        await VerifyNothingAsync(api);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up: a verify that selects no blob (older_than_days 0, no artifacts recorded) took {warmUp.Elapsed.TotalSeconds:F2} s POST→completed, not counted"));
        Console.WriteLine($"page cache before the warm runs: {await ResidentAsync(blobs, totalBytes)} (both sides read from the page cache: {Size(totalBytes)} fits in RAM)");

        var warm = new[] { new List<Side>(), new List<Side>(), new List<Side>() };
        for (var run = 1; run <= runs; run++)
        {
            Console.WriteLine($"warm run {run} of {runs}:");
            warm[0].Add(await VerifyAsync(api, scanPid, parallelism, blobs, totalBytes));
            warm[1].Add(await OpensslAsync([blobs], totalBytes, "openssl dgst -sha256, one process"));
            warm[2].Add(await OpensslAsync(groups, totalBytes, $"openssl dgst -sha256, {groups.Count} processes at once"));
        }

        Side[]? cold = null;
        var dropped = await TryDropCachesAsync();
        if (dropped is null)
        {
            Console.WriteLine($"cold runs (page cache dropped before each, once each): {await ResidentAsync(blobs, totalBytes)} after a drop");
            var verifyCold = await VerifyAsync(api, scanPid, parallelism, blobs, totalBytes);
            await TryDropCachesAsync();
            var singleCold = await OpensslAsync([blobs], totalBytes, "openssl dgst -sha256, one process");
            await TryDropCachesAsync();
            var parallelCold = await OpensslAsync(groups, totalBytes, $"openssl dgst -sha256, {groups.Count} processes at once");
            cold = [verifyCold, singleCold, parallelCold];
        }
        else
        {
            Console.WriteLine($"cold runs: not measured, the page cache could not be dropped ({dropped}); all figures are with the files in the page cache");
        }

        Console.WriteLine($"load average after: {Machine.LoadAverage()}");
        Print([.. warm.Select(Side.Best)], cold, runs, parallelism, blobs.Count, totalBytes);
        return 0;
    }

    /// <summary>
    /// The goal rows compare the scan with as many openssl processes as it has hashing threads (the same parallelism);
    /// the one-process figures stay as information. A store smaller than <see cref="GoalBytes"/> labels every row a quick run.
    /// </summary>
    private static void Print(Side[] warm, Side[]? cold, int runs, int parallelism, int files, long totalBytes)
    {
        var (verify, single, parallel) = (warm[0], warm[1], warm[2]);
        var n = parallelism;
        var atLeastOpenssl = Goal.RatioAtLeast(1.0);
        string Name(string measure) => totalBytes < GoalBytes ? $"{measure} (quick run, {Size(totalBytes)})" : measure;
        var rows = new List<Measure>
        {
            new(Name($"verify, POST→completed vs {n}×openssl"), "GB/s", Better.Higher, verify.WallGbps, parallel.WallGbps,
                $"{n} openssl processes at once over the {files} files (split evenly by bytes), as the scan hashes {n} blobs at once "
                + $"(job wall time: queue, listing, hashing, database); best of {runs}, page cache")
            {
                Goal = atLeastOpenssl,
            },
            new(Name($"verify, hashing vs {n}×openssl"), "GB/s", Better.Higher, verify.HashGbps, parallel.WallGbps,
                "the same (the scan's bytes_per_second: the hashing alone)")
            {
                Goal = atLeastOpenssl,
            },
            new(Name("verify, POST→completed vs one openssl"), "GB/s", Better.Higher, verify.WallGbps, single.WallGbps,
                "one `openssl dgst -sha256` over the same files: information, the scan hashes with several threads"),
            new(Name("verify, hashing vs one openssl"), "GB/s", Better.Higher, verify.HashGbps, single.WallGbps, "the same"),
            new(Name("verify CPU per GB"), "s/GB", Better.Lower, verify.CpuPerGb, single.CpuPerGb,
                "one openssl's CPU time (user + system); hardly depends on the load"),
        };
        if (cold is not null)
        {
            rows.Add(new(Name($"cold verify, POST→completed vs {n}×openssl"), "GB/s", Better.Higher, cold[0].WallGbps, cold[2].WallGbps,
                $"{n} openssl processes at once, the page cache dropped before each (one run each)") { Goal = atLeastOpenssl });
            rows.Add(new(Name($"cold verify, hashing vs {n}×openssl"), "GB/s", Better.Higher, cold[0].HashGbps, cold[2].WallGbps, "the same") { Goal = atLeastOpenssl });
            rows.Add(new(Name("cold verify, hashing vs one openssl"), "GB/s", Better.Higher, cold[0].HashGbps, cold[1].WallGbps,
                "one openssl, cold: information"));
        }

        Report.Print("scan", [.. rows]);
    }

    /// <summary>
    /// POST /v1/hub/scan {"mode":"verify"} → job completed (until its finished_at: the same machine's clock); then the
    /// scan's report from GET /v1/hub/storage. Also the ScanService's CPU time, and how long its hashing threads
    /// (the <paramref name="parallelism"/> busiest) ran and how long they were ready to run but waited for a core.
    /// </summary>
    private static async Task<Side> VerifyAsync(HttpClient api, int scanPid, int parallelism, IReadOnlyList<GeneratedBlob> blobs, long totalBytes)
    {
        var cpu = CpuTime.OfProcess(scanPid);
        var threads = CpuTime.Threads(scanPid);
        var posted = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (id, job) = await ScanAsync(api, new { mode = "verify" });
        var seen = clock.Elapsed.TotalSeconds;
        cpu = CpuTime.OfProcess(scanPid) - cpu;
        var hashing = CpuTime.Threads(scanPid)
            .Select(t => (Run: (t.Value.RunNs - threads.GetValueOrDefault(t.Key).RunNs) / 1e9, Wait: (t.Value.WaitNs - threads.GetValueOrDefault(t.Key).WaitNs) / 1e9))
            .OrderByDescending(t => t.Run).Take(parallelism).ToList();
        var seconds = (job["finished_at"]!.GetValue<DateTimeOffset>() - posted).TotalSeconds;

        var storage = await api.GetFromJsonAsync<JsonElement>("/v1/hub/storage");
        var report = storage.GetProperty("last_scans").GetProperty("verify");
        var (blobsChecked, bytesChecked) = (report.GetProperty("blobs_checked").GetInt32(), report.GetProperty("bytes_checked").GetInt64());
        if (report.GetProperty("job_id").GetGuid() != id || blobsChecked != blobs.Count || bytesChecked != totalBytes
            || report.GetProperty("corrupt_blobs").GetInt32() != 0)
        {
            throw new InvalidOperationException($"the verify's report is not of the generated store: {report}");
        }

        var bytesPerSecond = report.GetProperty("bytes_per_second").GetDouble();
        var hashSeconds = totalBytes / bytesPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"ModelHub verify",-42} {seconds,6:F2} s ({Rate(totalBytes, seconds):F2} GB/s) POST→completed (seen by polling after {seen:F2} s); CPU {cpu:F2} s; "
            + $"job started→finished {job.RunSeconds():F2} s, scan {report.GetProperty("duration_seconds").GetDouble():F2} s, hashing {hashSeconds:F2} s ({bytesPerSecond / 1e9:F2} GB/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"",-42} its {hashing.Count} busiest threads ran {string.Join(" + ", hashing.Select(t => t.Run.ToString("F2", CultureInfo.InvariantCulture)))} s "
            + $"and waited for a core {string.Join(" + ", hashing.Select(t => t.Wait.ToString("F2", CultureInfo.InvariantCulture)))} s (schedstat)"));
        return new Side(seconds, hashSeconds, cpu, totalBytes);
    }

    /// <summary>A verify that hashes nothing: the job's path (Api, broker, ScanService, database) warmed up before the timed runs.</summary>
    private static async Task VerifyNothingAsync(HttpClient api)
    {
        var (id, _) = await ScanAsync(api, new { mode = "verify", older_than_days = 0 });
        var storage = await api.GetFromJsonAsync<JsonElement>("/v1/hub/storage");
        var report = storage.GetProperty("last_scans").GetProperty("verify");
        if (report.GetProperty("job_id").GetGuid() != id || report.GetProperty("blobs_checked").GetInt32() != 0)
        {
            throw new InvalidOperationException($"the warm-up verify checked blobs: {report}");
        }
    }

    /// <summary>POST /v1/hub/scan → the job, once completed.</summary>
    private static async Task<(Guid Id, JsonNode Job)> ScanAsync(HttpClient api, object request)
    {
        var id = await api.SubmitScanAsync(request);
        return (id, await api.WaitForJobToCompleteAsync(id, Patience, PollInterval));
    }

    /// <summary>One openssl process per group, all at once; every file's hash must be its name.</summary>
    private static async Task<Side> OpensslAsync(IReadOnlyList<IReadOnlyList<GeneratedBlob>> groups, long totalBytes, string label)
    {
        var cpu = CpuTime.OfChildren();
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(groups.Select(g => ExternalProcess.RunAsync("openssl", ["dgst", "-sha256", .. g.Select(b => b.Path)])));
        var seconds = clock.Elapsed.TotalSeconds;
        cpu = CpuTime.OfChildren() - cpu;
        for (var i = 0; i < groups.Count; i++)
        {
            Check(runs[i], groups[i]);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-42} {seconds,6:F2} s ({Rate(totalBytes, seconds):F2} GB/s); CPU {cpu:F2} s; its processes were off a core {(seconds * groups.Count) - cpu:F2} s in all"));
        return new Side(seconds, seconds, cpu, totalBytes);
    }

    // "SHA2-256(/store/blobs/sha256/3f…)= 3f…" (OpenSSL 3) or "SHA256(…)= 3f…", one line per file.
    private static void Check(ProcessRun run, IReadOnlyList<GeneratedBlob> files)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(run.Describe("openssl"));
        }

        var hashes = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split("= ")[^1].Trim()).ToHashSet(StringComparer.Ordinal);
        var wrong = files.FirstOrDefault(f => !hashes.Contains(f.Sha256));
        if (wrong is not null || hashes.Count != files.Count)
        {
            throw new InvalidOperationException($"openssl's hashes are not the files' names ({wrong?.Path ?? $"{hashes.Count} hashes for {files.Count} files"})");
        }
    }

    /// <summary>The files in <paramref name="count"/> groups of about the same bytes: largest first, each to the lightest group.</summary>
    private static List<IReadOnlyList<GeneratedBlob>> SplitByBytes(IReadOnlyList<GeneratedBlob> blobs, int count)
    {
        var groups = Enumerable.Range(0, count).Select(_ => new List<GeneratedBlob>()).ToList();
        var loads = new long[count];
        foreach (var blob in blobs.OrderByDescending(b => b.Size))
        {
            var lightest = Array.IndexOf(loads, loads.Min());
            groups[lightest].Add(blob);
            loads[lightest] += blob.Size;
        }

        return [.. groups.Where(g => g.Count > 0)];
    }

    /// <summary>Null when the page cache was dropped (as root); otherwise why not.</summary>
    private static async Task<string?> TryDropCachesAsync()
    {
        await SyncAsync();
        try
        {
            await File.WriteAllTextAsync(DropCaches, "3");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"writing 3 to {DropCaches}: {e.Message}";
        }
    }

    private static Task SyncAsync() => ExternalProcess.RunCheckedAsync("sync");

    /// <summary>How much of the files is in the page cache, by <c>fincore</c> (util-linux) when it is installed.</summary>
    private static async Task<string> ResidentAsync(IReadOnlyList<GeneratedBlob> blobs, long totalBytes)
    {
        ProcessRun fincore;
        try
        {
            fincore = await ExternalProcess.RunAsync("fincore", ["--bytes", "--noheadings", "--output", "RES", .. blobs.Select(b => b.Path)]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not checked (no fincore)";
        }

        if (fincore.ExitCode != 0)
        {
            return $"not checked ({fincore.Describe("fincore")})";
        }

        var resident = fincore.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(line => long.Parse(line.Trim(), CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"{resident / (double)totalBytes:P0} of the files' bytes resident (fincore)");
    }

    // The ScanService's own default (ScanSettings.Parallelism) unless the environment it shares with this process sets it.
    private static int ScanParallelism() =>
        int.TryParse(Environment.GetEnvironmentVariable("Scan__Parallelism"), NumberStyles.None, CultureInfo.InvariantCulture, out var configured) && configured > 0
            ? configured
            : Math.Clamp(Environment.ProcessorCount, 1, 4);

    private static double Rate(long bytes, double seconds) => bytes / seconds / 1e9;

    private static string Size(long bytes) => bytes % (1L << 30) == 0
        ? $"{bytes >> 30} GiB"
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):F2} GiB");

    /// <param name="WallSeconds">From the start (POST, or the processes' start) to the end (job completed, every process exited).</param>
    /// <param name="HashSeconds">The hashing alone, as the scan reports it (the same as the wall time for openssl).</param>
    /// <param name="CpuSeconds">User + system time of the ScanService, or of the openssl processes, meanwhile.</param>
    private sealed record Side(double WallSeconds, double HashSeconds, double CpuSeconds, long Bytes)
    {
        public double WallGbps => Rate(Bytes, WallSeconds);

        public double HashGbps => Rate(Bytes, HashSeconds);

        public double CpuPerGb => CpuSeconds / (Bytes / 1e9);

        /// <summary>The shortest wall, hashing and CPU time of the runs (not always of the same run).</summary>
        public static Side Best(IReadOnlyList<Side> runs) =>
            new(runs.Min(r => r.WallSeconds), runs.Min(r => r.HashSeconds), runs.Min(r => r.CpuSeconds), runs[0].Bytes);
    }
}
