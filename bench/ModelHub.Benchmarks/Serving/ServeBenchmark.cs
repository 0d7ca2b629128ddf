using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ModelHub.Benchmarks.Scans;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// Stored files served through the Hugging Face route <c>GET /{org}/{name}/resolve/main/{path}</c>, beside
/// nginx serving the very same blob files (its root is the store's <c>blobs/sha256/</c>: same inodes,
/// same page cache) in the same run: one client (curl) fetching a 2 GiB blob, and 16 connections (wrk)
/// fetching 4 MiB shards. The files get stored the ordinary way: a sync of the simulator's
/// <c>sim/large-file</c> and <c>sim/shards</c> (which stores the shards), then POST /v1/hub/download
/// for one 2 GiB weight. The sides alternate, best of N. Then that weight exported as a tar (<see cref="SnapshotExport"/>),
/// and the fleet's moments: a warm herd (<see cref="WarmHerd"/>) on the stored 2 GiB weight and a cold herd
/// (<see cref="ColdHerd"/>) on weights not stored yet.
/// </summary>
internal static class ServeBenchmark
{
    private const string LargeRepo = "sim/large-file";
    private const string LargePath = "cold.safetensors";
    private const string ShardsRepo = "sim/shards";
    private const int Connections = 16;
    private const int WrkThreads = 2;
    private const int WarmUpSeconds = 2;
    private const string OneByte = "bytes=0-0";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RssInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(BenchOptions.Require("MODELHUB_BENCH_UPSTREAM"));
        var store = Path.GetFullPath(BenchOptions.Require("MODELHUB_BENCH_STORE"));
        var nginxBinary = BenchOptions.Require("MODELHUB_BENCH_NGINX");
        var nginxPort = int.Parse(BenchOptions.Require("MODELHUB_BENCH_NGINX_PORT"), CultureInfo.InvariantCulture);
        var apiPid = int.Parse(BenchOptions.Require("MODELHUB_BENCH_API_PID"), CultureInfo.InvariantCulture);
        var settings = new Settings(BenchOptions.NumberSetting("MODELHUB_BENCH_SERVE_RUNS", 3), BenchOptions.NumberSetting("MODELHUB_BENCH_SERVE_SECONDS", 10));
        var herds = HerdSettings.FromEnvironment();
        var apiProcess = new ServiceProcess(apiPid);

        var scratch = Path.Combine(Path.GetDirectoryName(store)!, "bench-serve");
        using var api = options.CreateApiClient();
        api.Timeout = Patience;
        using var sim = new HttpClient { BaseAddress = upstream };
        BenchArtifact? large = null;
        var coldBlobs = new List<string>();
        try
        {
            Console.WriteLine($"serve: stored files through GET /{{org}}/{{name}}/resolve/main/{{path}} at {options.Api} beside nginx serving the same blob files; best of {settings.Runs}, sides alternating");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores (shared by the Api, nginx, the clients and everything else running), {Machine.MemoryTotal()}; load average before: {Machine.LoadAverage()}");

            var hashing = Stopwatch.StartNew();
            (await sim.GetAsync($"/api/models/{LargeRepo}/tree/main?recursive=true")).EnsureSuccessStatusCode();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulator: first tree listing of {LargeRepo} {hashing.Elapsed.TotalSeconds:F1} s (it hashes its two weights once)"));

            var clock = Stopwatch.StartNew();
            await SyncAsync(api, LargeRepo);
            await SyncAsync(api, ShardsRepo);
            var largeFiles = await BenchArtifact.ListAsync(api, LargeRepo);
            large = largeFiles.Single(f => f.Path == LargePath);
            var shards = (await BenchArtifact.ListAsync(api, ShardsRepo)).Where(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"synced {LargeRepo} and {ShardsRepo} in {clock.Elapsed.TotalSeconds:F1} s; the sync stored the {shards.Count} shards ({string.Join(", ", shards.Select(s => s.Size).Distinct())} bytes each)"));
            clock.Restart();
            await DownloadAsync(api, large);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"POST /v1/hub/download of {LargePath} ({large.Size} bytes): stored in {clock.Elapsed.TotalSeconds:F1} s"));
            foreach (var file in shards.Append(large))
            {
                if (!File.Exists(BlobPath(store, file.Sha256)))
                {
                    throw new InvalidOperationException($"{file.Path} is not in the store ({BlobPath(store, file.Sha256)}) after the sync and download");
                }
            }

            await using var nginx = await Nginx.StartAsync(nginxBinary, nginxPort, Path.Combine(store, "blobs", "sha256"), Path.Combine(scratch, "nginx"));
            var nginxUri = new Uri($"http://127.0.0.1:{nginx.Port}/");
            Console.WriteLine($"baseline: {nginx.Version} (pid {nginx.Pid}) on {nginxUri}, root = the store's blobs/sha256/; {nginx.Settings}");
            Console.WriteLine($"ModelHub: the Api (pid {apiPid}), Kestrel, StoredFileBody (the blob read into the response pipe); /resolve with a revision (main), a file lookup and the access check per request");
            await CheckSameBytesAsync(options.Api, nginxUri, large, shards);

            var single = await SingleClientAsync(options.Api, nginxUri, apiProcess, nginx, large, settings);
            // Right after the single client, whose peak is its baseline: after the herds, the Api's heap is what 64 clients
            // left it (a reset peak starts from the resident memory at the time), which the export would be charged for.
            var export = await SnapshotExport.RunAsync(options.Api, LargeRepo, large, apiProcess, settings.Runs, single.ModelHub.Max(r => r.PeakRssMb!.Value));
            var many = await ManyClientsAsync(options.Api, nginxUri, apiPid, nginx, shards, scratch, settings, null, settings.Seconds);
            // The same requests for one byte: what a request costs apart from sending 4 MiB (routing, lookups, access check, headers).
            var oneByteSeconds = Math.Max(2, settings.Seconds / 2);
            var oneByte = await ManyClientsAsync(options.Api, nginxUri, apiPid, nginx, shards, scratch, settings, OneByte, oneByteSeconds);
            var warmHerd = await WarmHerd.RunAsync(
                ResolveUrl(options.Api, LargeRepo, large), new Uri(nginxUri, large.Sha256), apiProcess, nginx, large.Size, herds, single.ModelHub.Max(r => r.PeakRssMb!.Value));
            var coldHerd = await ColdHerd.RunAsync(api, sim, options.Api, store, herds, coldBlobs);
            Console.WriteLine($"load average after: {Machine.LoadAverage()}");

            Report.Print("serve", [.. StoredFileRows(large.Size, shards.Count, single, many, oneByte, settings, oneByteSeconds), .. warmHerd, .. export, .. coldHerd]);
            return 0;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }

            // The bench's store is thrown away at the next run; large blobs need not wait for it.
            foreach (var blob in coldBlobs.Prepend(large is null ? "" : BlobPath(store, large.Sha256)).Where(File.Exists))
            {
                Console.WriteLine($"removed the weight {Path.GetFileName(blob)} ({ByteSizes.Label(new FileInfo(blob).Length)}) from the throwaway store {store}");
                File.Delete(blob);
            }
        }
    }

    private static Measure[] StoredFileRows(
        long largeSize, int shardCount, (List<CurlSample> ModelHub, List<CurlSample> Nginx) single, (List<WrkSample> ModelHub, List<WrkSample> Nginx) many,
        (List<WrkSample> ModelHub, List<WrkSample> Nginx) oneByte, Settings settings, int oneByteSeconds)
    {
        var size = ByteSizes.Label(largeSize);
        return
        [
            new($"1 client, {size}", "MB/s", Better.Higher, single.ModelHub.Max(r => r.MBps), single.Nginx.Max(r => r.MBps),
                $"nginx, curl -o /dev/null of the same blob from the page cache; best of {settings.Runs}")
            {
                Goal = Goal.RatioAtLeast(0.8),
            },
            new("1 client, CPU per GB", "s/GB", Better.Lower, single.ModelHub.Min(r => r.CpuPerGb), single.Nginx.Min(r => r.CpuPerGb),
                "nginx master + workers; the server's user + system time; least of the runs"),
            new($"{Connections} clients, 4 MiB", "req/s", Better.Higher, many.ModelHub.Max(r => r.Wrk.RequestsPerSecond), many.Nginx.Max(r => r.Wrk.RequestsPerSecond),
                $"nginx, wrk -t{WrkThreads} -c{Connections} -d{settings.Seconds}s over the {shardCount} shards; best of {settings.Runs}")
            {
                Goal = Goal.RatioAtLeast(0.5),
            },
            new($"{Connections} clients, p50 latency", "ms", Better.Lower, Best(many.ModelHub).Wrk.P50Ms, Best(many.Nginx).Wrk.P50Ms, "nginx, wrk --latency, each side's best run"),
            new($"{Connections} clients, p99 latency", "ms", Better.Lower, Best(many.ModelHub).Wrk.P99Ms, Best(many.Nginx).Wrk.P99Ms, "the same"),
            new($"{Connections} clients, CPU per request", "ms", Better.Lower, many.ModelHub.Min(r => r.CpuMsPerRequest), many.Nginx.Min(r => r.CpuMsPerRequest),
                "nginx; the server's CPU time per 4 MiB request (not PostgreSQL's); least of the runs"),
            new($"{Connections} clients, 1 byte", "req/s", Better.Higher, oneByte.ModelHub.Max(r => r.Wrk.RequestsPerSecond), oneByte.Nginx.Max(r => r.Wrk.RequestsPerSecond),
                $"nginx, the same paths with Range: {OneByte} (206), wrk -d{oneByteSeconds}s: a request's cost without 4 MiB to send")
            {
                Goal = Goal.RatioAtLeast(0.6),
            },
            new($"{Connections} clients, 1 byte, CPU/request", "ms", Better.Lower, oneByte.ModelHub.Min(r => r.CpuMsPerRequest), oneByte.Nginx.Min(r => r.CpuMsPerRequest),
                "nginx; the server's CPU time per such request"),
        ];
    }

    private static WrkSample Best(IReadOnlyList<WrkSample> runs) => runs.MaxBy(r => r.Wrk.RequestsPerSecond)!;

    /// <summary>Both servers send every file's bytes, and they hash to the file's SHA-256 (the 2 GiB one: its length).</summary>
    private static async Task CheckSameBytesAsync(Uri api, Uri nginx, BenchArtifact large, IReadOnlyList<BenchArtifact> shards)
    {
        using var client = new HttpClient();
        foreach (var shard in shards)
        {
            foreach (var url in new[] { ResolveUrl(api, ShardsRepo, shard), new Uri(nginx, shard.Sha256) })
            {
                var bytes = await client.GetByteArrayAsync(url);
                if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != shard.Sha256)
                {
                    throw new InvalidOperationException($"{url} sent {bytes.Length} bytes that do not hash to {shard.Sha256}");
                }
            }
        }

        foreach (var url in new[] { ResolveUrl(api, LargeRepo, large), new Uri(nginx, large.Sha256) })
        {
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            if (head.StatusCode != HttpStatusCode.OK || head.Content.Headers.ContentLength != large.Size)
            {
                throw new InvalidOperationException($"HEAD {url} answered {(int)head.StatusCode} with Content-Length {head.Content.Headers.ContentLength}, not 200 and {large.Size}");
            }
        }

        Console.WriteLine($"checked: both send the {shards.Count} shards' exact bytes (SHA-256) and the {LargePath} blob's length");
    }

    private static async Task<(List<CurlSample> ModelHub, List<CurlSample> Nginx)> SingleClientAsync(
        Uri api, Uri nginxUri, ServiceProcess apiProcess, Nginx nginx, BenchArtifact large, Settings settings)
    {
        var modelHubUrl = ResolveUrl(api, LargeRepo, large);
        var nginxUrl = new Uri(nginxUri, large.Sha256);
        Console.WriteLine($"1 client: curl -o /dev/null of {large.Size} bytes; one warm-up each, not counted");
        await CurlAsync(modelHubUrl, large.Size, () => CpuTime.OfProcess(apiProcess.Pid), apiProcess);
        await CurlAsync(nginxUrl, large.Size, () => nginx.CpuSeconds, null);
        var modelHub = new List<CurlSample>();
        var baseline = new List<CurlSample>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            // The side that goes first alternates, so neither always follows the other's writeback or caches.
            foreach (var first in run % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var sample = first
                    ? await CurlAsync(modelHubUrl, large.Size, () => CpuTime.OfProcess(apiProcess.Pid), apiProcess)
                    : await CurlAsync(nginxUrl, large.Size, () => nginx.CpuSeconds, null);
                (first ? modelHub : baseline).Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} {(first ? "ModelHub" : "nginx"),-8} {sample.Seconds,6:F2} s  {sample.MBps,8:F0} MB/s  server CPU {sample.CpuSeconds:F2} s{(sample.PeakRssMb is { } rss ? $"  Api peak RSS {rss:F0} MB" : "")}"));
            }
        }

        return (modelHub, baseline);
    }

    /// <param name="server">When given, its resident memory is sampled meanwhile (the peak is in the sample).</param>
    private static async Task<CurlSample> CurlAsync(Uri url, long size, Func<double> serverCpu, ServiceProcess? server)
    {
        var cpu = serverCpu();
        var get = CurlGet.RunAsync(url, size);
        double? peakMb = server is null ? null : (await server.SampleUntilAsync(get, RssInterval, Stopwatch.StartNew(), long.MaxValue)).HighestRssKb / 1024.0;
        var curl = await get;
        return new CurlSample(curl.Seconds, serverCpu() - cpu, size) { PeakRssMb = peakMb };
    }

    private static async Task<(List<WrkSample> ModelHub, List<WrkSample> Nginx)> ManyClientsAsync(
        Uri api, Uri nginxUri, int apiPid, Nginx nginx, IReadOnlyList<BenchArtifact> shards, string scratch, Settings settings, string? range, int seconds)
    {
        var headers = range is null ? null : new Dictionary<string, string> { ["Range"] = range };
        var suffix = range is null ? "" : "-range";
        var modelHubScript = Wrk.WriteScript(scratch, "modelhub" + suffix, [.. shards.Select(s => ResolveUrl(api, ShardsRepo, s).PathAndQuery)], headers);
        var nginxScript = Wrk.WriteScript(scratch, "nginx" + suffix, [.. shards.Select(s => "/" + s.Sha256)], headers);
        Console.WriteLine($"{Connections} clients, {(range is null ? "whole files" : $"Range: {range}")}: wrk -t{WrkThreads} -c{Connections} -d{seconds}s --latency, the {shards.Count} shards in turn; a {WarmUpSeconds} s warm-up each, not counted");
        await Wrk.RunAsync(api, modelHubScript, WrkThreads, Connections, WarmUpSeconds);
        await Wrk.RunAsync(nginxUri, nginxScript, WrkThreads, Connections, WarmUpSeconds);
        var modelHub = new List<WrkSample>();
        var baseline = new List<WrkSample>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            foreach (var first in run % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var sample = first
                    ? await WrkAsync(api, modelHubScript, () => CpuTime.OfProcess(apiPid), seconds)
                    : await WrkAsync(nginxUri, nginxScript, () => nginx.CpuSeconds, seconds);
                (first ? modelHub : baseline).Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} {(first ? "ModelHub" : "nginx"),-8} {sample.Wrk.RequestsPerSecond,8:F1} req/s ({sample.Wrk.Requests} requests)  p50 {sample.Wrk.P50Ms:F2} ms  p99 {sample.Wrk.P99Ms:F2} ms  "
                    + $"server CPU {sample.CpuMsPerRequest:F2} ms/request; socket errors: {sample.Wrk.SocketErrors}"));
            }
        }

        return (modelHub, baseline);
    }

    private static async Task<WrkSample> WrkAsync(Uri server, string script, Func<double> serverCpu, int seconds)
    {
        var cpu = serverCpu();
        var run = await Wrk.RunAsync(server, script, WrkThreads, Connections, seconds);
        cpu = serverCpu() - cpu;
        return run.Non2xx == 0
            ? new WrkSample(run, cpu * 1000 / Math.Max(1, run.Requests))
            : throw new InvalidOperationException($"{run.Non2xx} of {run.Requests} requests to {server} did not answer 2xx");
    }

    private static async Task SyncAsync(HttpClient api, string repo) =>
        await api.WaitForJobToCompleteAsync(await api.SubmitSyncAsync(repo), Patience, PollInterval);

    private static async Task DownloadAsync(HttpClient api, BenchArtifact file) =>
        await api.WaitForJobToCompleteAsync(await api.SubmitDownloadAsync(file.Id), Patience, PollInterval);

    private static Uri ResolveUrl(Uri api, string repo, BenchArtifact file) => new(api, $"/{repo}/resolve/main/{file.Path}");

    internal static string BlobPath(string store, string sha256) => Path.Combine(store, "blobs", "sha256", sha256);

    /// <param name="Runs">Measured runs per side (MODELHUB_BENCH_SERVE_RUNS, default 3).</param>
    /// <param name="Seconds">Each wrk run's duration (MODELHUB_BENCH_SERVE_SECONDS, default 10).</param>
    private sealed record Settings(int Runs, int Seconds);

    private sealed record CurlSample(double Seconds, double CpuSeconds, long Bytes)
    {
        public double? PeakRssMb { get; init; }

        public double MBps => Bytes / Seconds / 1e6;

        public double CpuPerGb => CpuSeconds / (Bytes / 1e9);
    }

    private sealed record WrkSample(WrkRun Wrk, double CpuMsPerRequest);
}
