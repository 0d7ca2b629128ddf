using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Benchmarks.Serving;

namespace ModelHub.Benchmarks.Listings;

/// <summary>
/// <c>GET /v1/hub/models</c> and <c>GET /v1/hub/jobs</c> over 100,000 repositories (300,000 files) and
/// 100,000 jobs (<see cref="ListingFixture"/>): the first page and a deep page (through the cursor), each
/// under wrk beside the baseline, the same Api's cheapest route (<c>/health/live</c>: Kestrel, routing,
/// the same headers, no database) under the same wrk settings, so the ratio is what the listing itself
/// costs. Rounds alternate over the routes; each figure is its best round's (highest req/s, lowest p50, lowest p99).
/// </summary>
internal static class ListingsBenchmark
{
    private const int Threads = 2;
    private const int WarmUpSeconds = 2;
    private const double P99GoalMs = 50;
    private const string Baseline = "/health/live";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var settings = Settings.FromEnvironment();
        var deep = settings.Rows * 9 / 10;
        var scratch = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"modelhub-bench-listings-{Environment.ProcessId}")).FullName;
        try
        {
            Console.WriteLine($"listings: {settings.Rows} repositories of 3 files and {settings.Rows} jobs; wrk -t{Threads} -c{settings.Connections} -d{settings.Seconds}s, best of {settings.Runs} rounds");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores (shared by the Api, PostgreSQL, wrk and everything else running), {Machine.MemoryTotal()}; load average before: {Machine.LoadAverage()}");
            var clock = Stopwatch.StartNew();
            var (repositories, artifacts, jobs) = await ListingFixture.CreateAsync(settings.Rows);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inserted {repositories} repositories, {artifacts} files and {jobs} jobs with COPY, then ANALYZE, in {clock.Elapsed.TotalSeconds:F1} s"));

            using var api = options.CreateApiClient();
            var routes = await RoutesAsync(api, deep);
            var headers = new Dictionary<string, string> { ["Authorization"] = api.DefaultRequestHeaders.Authorization!.ToString() };
            var scripts = routes.ToDictionary(r => r.Path, r => Wrk.WriteScript(scratch, $"route-{Array.IndexOf(routes, r)}", [r.Path], headers));
            foreach (var route in routes)
            {
                await Wrk.RunAsync(options.Api, scripts[route.Path], Threads, settings.Connections, WarmUpSeconds);
            }

            var best = await MeasureAsync(options.Api, routes, scripts, settings);
            Console.WriteLine($"load average after: {Machine.LoadAverage()}");
            Report.Print("listings", [.. routes.Skip(1).SelectMany(r => Rows(r, best[r.Path], best[Baseline], settings))]);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The baseline first, then each listing; the deep pages checked to start where the cursor says.</summary>
    private static async Task<Route[]> RoutesAsync(HttpClient api, int deep)
    {
        var (modelsCursor, firstRepo) = await ListingFixture.DeepModelsCursorAsync(deep);
        var (jobsCursor, firstJob) = await ListingFixture.DeepJobsCursorAsync(deep);
        var routes = new Route[]
        {
            new(Baseline, "baseline"),
            new("/v1/hub/models", "GET /v1/hub/models, first page"),
            new($"/v1/hub/models?cursor={modelsCursor}", $"GET /v1/hub/models, page after {deep:N0}"),
            new("/v1/hub/jobs", "GET /v1/hub/jobs, first page"),
            new($"/v1/hub/jobs?cursor={jobsCursor}", $"GET /v1/hub/jobs, page after {deep:N0}"),
        };

        var models = await api.GetFromJsonAsync<JsonElement>(routes[2].Path);
        var jobs = await api.GetFromJsonAsync<JsonElement>(routes[4].Path);
        if (models.GetProperty("items")[0].GetProperty("repo_id").GetString() != firstRepo || jobs.GetProperty("items")[0].GetProperty("id").GetGuid() != firstJob)
        {
            throw new InvalidOperationException($"the deep pages do not start at row {deep + 1}: is the cursor format not the Api's?");
        }

        Console.WriteLine($"each page: {models.GetProperty("items").GetArrayLength()} items (the default limit); the deep pages start at row {deep + 1:N0} as their cursors say");
        return routes;
    }

    private static async Task<Dictionary<string, WrkRun>> MeasureAsync(Uri api, Route[] routes, Dictionary<string, string> scripts, Settings settings)
    {
        var best = new Dictionary<string, WrkRun>();
        for (var round = 1; round <= settings.Runs; round++)
        {
            // Each round in another order, so no route always follows the same one.
            foreach (var route in round % 2 == 1 ? routes : routes.Reverse())
            {
                var run = await Wrk.RunAsync(api, scripts[route.Path], Threads, settings.Connections, settings.Seconds);
                if (run.Non2xx > 0)
                {
                    throw new InvalidOperationException($"{run.Non2xx} of {run.Requests} requests to {route.Path} did not answer 2xx");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round} {route.Label,-40} {run.RequestsPerSecond,9:F1} req/s  p50 {run.P50Ms,7:F2} ms  p99 {run.P99Ms,7:F2} ms  socket errors: {run.SocketErrors}"));
                // Each figure's best round: the one the other work on this machine disturbed least.
                best[route.Path] = best.TryGetValue(route.Path, out var before)
                    ? new WrkRun(Math.Max(before.RequestsPerSecond, run.RequestsPerSecond), before.Requests + run.Requests,
                        Math.Min(before.P50Ms, run.P50Ms), Math.Min(before.P99Ms, run.P99Ms), 0, before.SocketErrors)
                    : run;
            }
        }

        return best;
    }

    private static IEnumerable<Measure> Rows(Route route, WrkRun run, WrkRun baseline, Settings settings)
    {
        var compared = $"{Baseline} of the same Api, wrk -t{Threads} -c{settings.Connections} -d{settings.Seconds}s, best of {settings.Runs}";
        yield return new(route.Label, "req/s", Better.Higher, run.RequestsPerSecond, baseline.RequestsPerSecond, compared);
        yield return new($"{route.Label}, p50", "ms", Better.Lower, run.P50Ms, baseline.P50Ms, "the same");
        yield return new($"{route.Label}, p99", "ms", Better.Lower, run.P99Ms, baseline.P99Ms, "the same") { Goal = Goal.FigureAtMost(P99GoalMs) };
    }

    private sealed record Route(string Path, string Label);

    /// <param name="Rows">Repositories, and jobs (MODELHUB_BENCH_LISTINGS_ROWS, default 100,000).</param>
    /// <param name="Connections">wrk's connections (MODELHUB_BENCH_LISTINGS_CONNECTIONS, default 8).</param>
    /// <param name="Seconds">Each wrk run (MODELHUB_BENCH_LISTINGS_SECONDS, default 5).</param>
    /// <param name="Runs">Rounds over the routes (MODELHUB_BENCH_LISTINGS_RUNS, default 2).</param>
    private sealed record Settings(int Rows, int Connections, int Seconds, int Runs)
    {
        public static Settings FromEnvironment() => new(
            BenchOptions.NumberSetting("MODELHUB_BENCH_LISTINGS_ROWS", 100_000, least: 1_000),
            BenchOptions.NumberSetting("MODELHUB_BENCH_LISTINGS_CONNECTIONS", 8),
            BenchOptions.NumberSetting("MODELHUB_BENCH_LISTINGS_SECONDS", 5),
            BenchOptions.NumberSetting("MODELHUB_BENCH_LISTINGS_RUNS", 2));
    }
}
