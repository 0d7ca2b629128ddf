using System.Diagnostics;
using System.Globalization;
using ModelHub.Benchmarks.Scans;
using ModelHub.Benchmarks.Serving;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Edge;

/// <summary>
/// An edge ModelHub whose upstreams are a central ModelHub, then the simulator (<c>./hub bench edge</c> starts both
/// stacks), beside the central itself: the same <c>GET /{org}/{name}/resolve/main/{path}</c> asked of each, warm (both hold
/// the file) and cold. Cold, the central pulls the file through from the simulator; the edge pulls it through from the
/// central, once while the central holds it and once while neither does. Each cold request finds the blob removed, sides
/// alternating, medians of N.
/// </summary>
internal static class EdgeBenchmark
{
    private const string LargeRepo = "sim/large-file";
    private const string LargePath = "cold.safetensors";
    private const string ShardsRepo = "sim/shards";
    private const int Connections = 16;
    private const int WrkThreads = 2;
    private const int WarmUpSeconds = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(BenchOptions.Require("MODELHUB_BENCH_UPSTREAM"));
        var runs = BenchOptions.NumberSetting("MODELHUB_BENCH_EDGE_RUNS", 3);
        var seconds = BenchOptions.NumberSetting("MODELHUB_BENCH_EDGE_SECONDS", 5);
        using var centralClient = options.CreateApiClient();
        using var edgeClient = new HttpClient { BaseAddress = new Uri(BenchOptions.Require("MODELHUB_BENCH_EDGE_API")) };
        edgeClient.DefaultRequestHeaders.Authorization = new("Bearer", BenchOptions.Require("MODELHUB_BENCH_EDGE_API_KEY"));
        centralClient.Timeout = edgeClient.Timeout = Patience;
        var central = new HubUnderTest("central", options.Api, Path.GetFullPath(BenchOptions.Require("MODELHUB_BENCH_STORE")),
            int.Parse(BenchOptions.Require("MODELHUB_BENCH_API_PID"), CultureInfo.InvariantCulture), centralClient);
        var edge = new HubUnderTest("edge", edgeClient.BaseAddress, Path.GetFullPath(BenchOptions.Require("MODELHUB_BENCH_EDGE_STORE")),
            int.Parse(BenchOptions.Require("MODELHUB_BENCH_EDGE_API_PID"), CultureInfo.InvariantCulture), edgeClient);
        var scratch = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(central.Store)!, "bench-edge-scratch")).FullName;
        BenchArtifact? large = null;
        try
        {
            Console.WriteLine($"edge: the edge at {edge.Api} (upstreams: the central, then the simulator) beside the central at {central.Api} (upstream: the simulator at {upstream})");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores shared by both ModelHubs, their databases, brokers and Redis, the simulator and the clients; {Machine.MemoryTotal()}; load average before: {Machine.LoadAverage()}");
            using (var sim = new HttpClient { BaseAddress = upstream, Timeout = Patience })
            {
                var hashing = Stopwatch.StartNew();
                (await sim.GetAsync($"/api/models/{LargeRepo}/tree/main?recursive=true")).EnsureSuccessStatusCode();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulator: first tree listing of {LargeRepo} {hashing.Elapsed.TotalSeconds:F1} s (it hashes its weights once)"));
            }

            var shards = await SyncBothAsync(central, edge);
            large = (await BenchArtifact.ListAsync(edge.Client, LargeRepo)).Single(f => f.Path == LargePath);
            var size = ByteSizes.Label(large.Size);

            var cold = await ColdAsync(central, edge, large, runs);
            var warmFile = await WarmFileAsync(central, edge, large, runs);
            var warmRequests = await WarmRequestsAsync(central, edge, shards, scratch, runs, seconds);
            Console.WriteLine($"load average after: {Machine.LoadAverage()}");

            var sides = $"medians of {runs}, alternating order";
            Report.Print("edge",
                new($"cold {size}, the central holds it", "s", Better.Lower,
                    Median(cold.EdgeFromWarm, r => r.Seconds), Median(cold.Central, r => r.Seconds),
                    $"the central's cold /resolve of the file from the simulator; {sides} ({Spread(cold.EdgeFromWarm, r => r.Seconds)} s vs {Spread(cold.Central, r => r.Seconds)} s)")
                {
                    Goal = Goal.RatioAtMost(1.2),
                },
                new($"cold {size}, neither holds it", "s", Better.Lower,
                    Median(cold.EdgeFromCold, r => r.Seconds), Median(cold.Central, r => r.Seconds),
                    $"the same; the edge's bytes come through the central's own pull-through ({Spread(cold.EdgeFromCold, r => r.Seconds)} s)")
                {
                    Goal = Goal.RatioAtMost(1.3),
                },
                new("cold, first byte, the central holds it", "ms", Better.Lower,
                    Median(cold.EdgeFromWarm, r => r.FirstByteSeconds) * 1000, Median(cold.Central, r => r.FirstByteSeconds) * 1000,
                    "the central's cold first byte from the simulator; curl's time_starttransfer, medians"),
                new("cold, first byte, neither holds it", "ms", Better.Lower,
                    Median(cold.EdgeFromCold, r => r.FirstByteSeconds) * 1000, Median(cold.Central, r => r.FirstByteSeconds) * 1000, "the same"),
                new($"warm {size}, 1 client", "MB/s", Better.Higher, warmFile.Edge.Max(r => r.MBps), warmFile.Central.Max(r => r.MBps),
                    $"the central serving the same file from its store; curl -o /dev/null, best of {runs}, alternating")
                {
                    Goal = Goal.RatioAtLeast(0.9),
                },
                new($"warm, {Connections} clients, 1 byte", "req/s", Better.Higher,
                    warmRequests.Edge.Max(r => r.RequestsPerSecond), warmRequests.Central.Max(r => r.RequestsPerSecond),
                    $"the central; wrk -t{WrkThreads} -c{Connections} -d{seconds}s, Range: bytes=0-0 over the {shards.Count} shards, best of {runs}, alternating")
                {
                    Goal = Goal.RatioAtLeast(0.9),
                });
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
            if (large is not null)
            {
                foreach (var hub in new[] { central, edge }.Where(h => h.Holds(large)))
                {
                    hub.Forget(large);
                }
            }
        }
    }

    /// <summary>Both repositories synced on the central (from the simulator), then on the edge (from the central); the edge's shards.</summary>
    private static async Task<List<BenchArtifact>> SyncBothAsync(HubUnderTest central, HubUnderTest edge)
    {
        foreach (var hub in new[] { central, edge })
        {
            foreach (var repo in new[] { LargeRepo, ShardsRepo })
            {
                var clock = Stopwatch.StartNew();
                var job = await hub.Client.WaitForJobToCompleteAsync(await hub.Client.SubmitSyncAsync(repo), Patience, PollInterval);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hub.Name}: synced {repo} in {clock.Elapsed.TotalSeconds:F1} s: {job["summary"]}"));
            }
        }

        var shards = (await BenchArtifact.ListAsync(edge.Client, ShardsRepo)).Where(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal)).ToList();
        var missing = shards.Where(s => !edge.Holds(s) || !central.Holds(s)).Select(s => s.Path).ToList();
        return missing.Count == 0 ? shards : throw new InvalidOperationException($"the syncs did not store {string.Join(", ", missing)} on both");
    }

    /// <summary>
    /// Each run: the central cold (from the simulator), the edge cold while the central holds the file, the edge cold while
    /// neither does; the odd runs in the opposite order.
    /// </summary>
    private static async Task<(List<CurlGet> Central, List<CurlGet> EdgeFromWarm, List<CurlGet> EdgeFromCold)> ColdAsync(
        HubUnderTest central, HubUnderTest edge, BenchArtifact large, int runs)
    {
        Console.WriteLine($"cold: GET /resolve of {large.Path} ({large.Size} bytes) with the blob removed first; {runs} runs, the order reversed every other run");
        var (fromSimulator, fromWarm, fromCold) = (new List<CurlGet>(), new List<CurlGet>(), new List<CurlGet>());
        var steps = new (string Label, List<CurlGet> Into, Func<Task<CurlGet>> Measure)[]
        {
            ("central, from the simulator", fromSimulator, async () =>
            {
                central.Forget(large);
                return await FetchAsync(central, central, large);
            }),
            ("edge, the central holds it", fromWarm, async () =>
            {
                if (!central.Holds(large))
                {
                    await FetchAsync(central, central, large);
                }

                edge.Forget(large);
                return await FetchAsync(edge, edge, large);
            }),
            ("edge, neither holds it", fromCold, async () =>
            {
                central.Forget(large);
                edge.Forget(large);
                var get = await FetchAsync(edge, edge, large);
                // The central stores what it pulled through for the edge; the next step must not meet that commit.
                await central.WaitUntilHeldAsync(large, Patience);
                return get;
            }),
        };
        for (var run = 1; run <= runs; run++)
        {
            foreach (var (label, into, measure) in run % 2 == 1 ? steps : steps.Reverse())
            {
                var (centralCpu, edgeCpu) = (CpuTime.OfProcess(central.ApiPid), CpuTime.OfProcess(edge.ApiPid));
                var get = await measure();
                (centralCpu, edgeCpu) = (CpuTime.OfProcess(central.ApiPid) - centralCpu, CpuTime.OfProcess(edge.ApiPid) - edgeCpu);
                into.Add(get);
                // The CPU says what two ModelHubs on one machine cost: each verifies and stores the bytes it passes on.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} {label,-28} {get.Seconds,6:F2} s  {get.MBps,7:F0} MB/s  first byte after {get.FirstByteSeconds * 1000:F0} ms; "
                    + $"Api CPU: central {centralCpu:F2} s, edge {edgeCpu:F2} s"));
            }
        }

        return (fromSimulator, fromWarm, fromCold);
    }

    /// <summary>The file from <paramref name="asked"/>, then the wait until <paramref name="storing"/> has committed it.</summary>
    private static async Task<CurlGet> FetchAsync(HubUnderTest asked, HubUnderTest storing, BenchArtifact large)
    {
        var get = await CurlGet.RunAsync(asked.ResolveUrl(LargeRepo, large), large.Size);
        await storing.WaitUntilHeldAsync(large, Patience);
        return get;
    }

    private static async Task<(List<CurlGet> Central, List<CurlGet> Edge)> WarmFileAsync(HubUnderTest central, HubUnderTest edge, BenchArtifact large, int runs)
    {
        Console.WriteLine($"warm, 1 client: curl -o /dev/null of {large.Path} from each store; one warm-up each, not counted");
        await CurlGet.RunAsync(central.ResolveUrl(LargeRepo, large), large.Size);
        await CurlGet.RunAsync(edge.ResolveUrl(LargeRepo, large), large.Size);
        var (fromCentral, fromEdge) = (new List<CurlGet>(), new List<CurlGet>());
        for (var run = 1; run <= runs; run++)
        {
            foreach (var hub in run % 2 == 1 ? new[] { edge, central } : [central, edge])
            {
                var get = await CurlGet.RunAsync(hub.ResolveUrl(LargeRepo, large), large.Size);
                (hub == edge ? fromEdge : fromCentral).Add(get);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run} {hub.Name,-8} {get.Seconds,6:F2} s  {get.MBps,7:F0} MB/s"));
            }
        }

        return (fromCentral, fromEdge);
    }

    private static async Task<(List<WrkRun> Central, List<WrkRun> Edge)> WarmRequestsAsync(
        HubUnderTest central, HubUnderTest edge, IReadOnlyList<BenchArtifact> shards, string scratch, int runs, int seconds)
    {
        var headers = new Dictionary<string, string> { ["Range"] = "bytes=0-0" };
        var script = Wrk.WriteScript(scratch, "edge-range", [.. shards.Select(s => central.ResolveUrl(ShardsRepo, s).PathAndQuery)], headers);
        Console.WriteLine($"warm, {Connections} clients: wrk -t{WrkThreads} -c{Connections} -d{seconds}s, Range: bytes=0-0 over the {shards.Count} shards; a {WarmUpSeconds} s warm-up each");
        await Wrk.RunAsync(central.Api, script, WrkThreads, Connections, WarmUpSeconds);
        await Wrk.RunAsync(edge.Api, script, WrkThreads, Connections, WarmUpSeconds);
        var (onCentral, onEdge) = (new List<WrkRun>(), new List<WrkRun>());
        for (var run = 1; run <= runs; run++)
        {
            foreach (var hub in run % 2 == 1 ? new[] { edge, central } : [central, edge])
            {
                var cpu = CpuTime.OfProcess(hub.ApiPid);
                var wrk = await Wrk.RunAsync(hub.Api, script, WrkThreads, Connections, seconds);
                cpu = CpuTime.OfProcess(hub.ApiPid) - cpu;
                if (wrk.Non2xx > 0)
                {
                    throw new InvalidOperationException($"{wrk.Non2xx} of {wrk.Requests} requests to the {hub.Name} did not answer 2xx");
                }

                (hub == edge ? onEdge : onCentral).Add(wrk);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} {hub.Name,-8} {wrk.RequestsPerSecond,8:F1} req/s  p50 {wrk.P50Ms:F2} ms  p99 {wrk.P99Ms:F2} ms  Api CPU {cpu * 1000 / Math.Max(1, wrk.Requests):F2} ms/request"));
            }
        }

        return (onCentral, onEdge);
    }

    private static double Median(IEnumerable<CurlGet> runs, Func<CurlGet, double> figure) => Latencies.Median(runs.Select(figure));

    private static string Spread(IEnumerable<CurlGet> runs, Func<CurlGet, double> figure) => Latencies.Spread(runs.Select(figure));
}
