using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Sync;

/// <summary>
/// A full sync of the simulator's 10,000-file repository through the real Api and SyncService
/// (submit → completed), beside a baseline measured in the same run: the same HTTP requests made
/// bare (model info, every tree page, every small file), with no database, broker or store.
/// </summary>
internal static class SyncBenchmark
{
    private const string Repo = "sim/ten-thousand-files";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(BenchOptions.Require("MODELHUB_BENCH_UPSTREAM"));
        using var api = options.CreateApiClient();
        using var hub = new HttpClient { BaseAddress = upstream };
        Console.WriteLine($"sync: {Repo} from the simulator at {upstream}, small files fetched (limit 10 MB), {options.Concurrency} at a time for the baseline");

        await hub.DeleteAsync("/_sim/requests");
        var (syncSeconds, summary) = await SyncAsync(api);
        var requests = await CountRequestsAsync(hub);
        var (baselineSeconds, baselineRequests) = await BareRequestsAsync(hub, options.Concurrency);

        Console.WriteLine($"job summary: {summary}");
        Report.Print("sync",
            new("10,000-file sync, submit→completed", "s", Better.Lower, syncSeconds, baselineSeconds, "the same HTTP requests made bare")
            {
                Goal = Goal.FigureAtMost(10),
            },
            new("upstream requests", "requests", Better.Lower, requests, baselineRequests, "made by the sync vs the bare run"),
            new("files synced", "per s", Better.Higher, 10_000 / syncSeconds, 10_000 / baselineSeconds, "the same comparison"));
        return 0;
    }

    private static async Task<(double Seconds, string Summary)> SyncAsync(HttpClient api)
    {
        var clock = Stopwatch.StartNew();
        var job = await api.WaitForJobToCompleteAsync(await api.SubmitSyncAsync(Repo), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(50));
        return (clock.Elapsed.TotalSeconds, job["summary"]?.GetValue<string>() ?? "");
    }

    private static async Task<int> CountRequestsAsync(HttpClient hub)
    {
        var log = await hub.GetFromJsonAsync<JsonElement>($"/_sim/requests?repo={Uri.EscapeDataString(Repo)}");
        return log.GetProperty("total").GetInt32();
    }

    private static async Task<(double Seconds, int Requests)> BareRequestsAsync(HttpClient hub, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var info = await hub.GetFromJsonAsync<JsonElement>($"/api/models/{Repo}/revision/main");
        var commit = info.GetProperty("sha").GetString()!;
        var files = new List<string>();
        var requests = 1;
        for (string? next = $"/api/models/{Repo}/tree/{commit}?recursive=true&expand=false"; next is not null; requests++)
        {
            using var page = await hub.GetAsync(next);
            var entries = await page.Content.ReadFromJsonAsync<JsonElement>();
            files.AddRange(entries.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()!));
            next = page.Headers.TryGetValues("Link", out var links) ? ParseNext(links.First()) : null;
        }

        using var follow = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { BaseAddress = hub.BaseAddress };
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (path, ct) =>
        {
            using var response = await follow.GetAsync($"/{Repo}/resolve/{commit}/{path}", HttpCompletionOption.ResponseHeadersRead, ct);
            await (await response.Content.ReadAsStreamAsync(ct)).CopyToAsync(Stream.Null, ct);
        });
        return (clock.Elapsed.TotalSeconds, requests + files.Count);
    }

    private static string? ParseNext(string link)
    {
        var start = link.IndexOf('<') + 1;
        var end = link.IndexOf('>');
        return link.Contains("rel=\"next\"", StringComparison.Ordinal) && start > 0 && end > start ? link[start..end] : null;
    }
}
