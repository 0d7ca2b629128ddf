using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Sync;

/// <summary>
/// Full syncs through the real Api and SyncService (submit → completed) of the simulator's 10,000-file model and
/// 100,000-file image-folder dataset, each beside a baseline measured in the same run: the same HTTP requests made
/// bare (repository info, every tree page, every small file), with no database, broker or store, once before the
/// sync (which also builds the simulator's generated repository) and once after; the faster of the two counts.
/// The SyncService's resident memory is sampled through each sync. Then one file of a 10,000-file repository nobody
/// synced is asked for cold (<see cref="ColdFileCase"/>).
/// </summary>
internal static partial class SyncBenchmark
{
    private static readonly TimeSpan _rssInterval = TimeSpan.FromMilliseconds(100);

    private static readonly SyncCase[] _cases =
    [
        new("10,000-file sync", "model", "sim/ten-thousand-files", 10),
        new("100,000-file dataset sync", "dataset", "sim/image-folder", 30),
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var upstream = new Uri(BenchOptions.Require("MODELHUB_BENCH_UPSTREAM"));
        var service = new ServiceProcess(int.Parse(BenchOptions.Require("MODELHUB_BENCH_SYNC_PID"), CultureInfo.InvariantCulture));
        using var api = options.CreateApiClient();
        using var hub = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(10) };
        Console.WriteLine($"sync: from the simulator at {upstream}, small files fetched (limit 10 MB), {options.Concurrency} at a time for the baseline");

        var rows = new List<Measure>();
        foreach (var run in _cases)
        {
            rows.AddRange(await MeasureAsync(run, api, hub, service, options.Concurrency));
        }

        rows.AddRange(await ColdFileCase.MeasureAsync(api, hub));

        Report.Print("sync", [.. rows]);
        return 0;
    }

    private static async Task<IEnumerable<Measure>> MeasureAsync(SyncCase run, HttpClient api, HttpClient hub, ServiceProcess service, int concurrency)
    {
        // Both runs' requests are counted by the simulator's own log, the CDN hop after each 302 included.
        await hub.DeleteAsync("/_sim/requests");
        var (before, bareFiles) = await BareRequestsAsync(run, hub, concurrency);
        var requests = await CountRequestsAsync(run, hub);
        await hub.DeleteAsync("/_sim/requests");
        var atRestKb = service.RssKb;
        service.TryResetPeak();
        var clock = Stopwatch.StartNew();
        var sync = SyncAsync(run, api);
        var (sampledKb, _) = await service.SampleUntilAsync(sync, _rssInterval, clock, long.MaxValue);
        var (seconds, summary, synced) = await sync;
        var peakKb = Math.Max(sampledKb, service.PeakKb);
        var made = await CountRequestsAsync(run, hub);
        var (after, _) = await BareRequestsAsync(run, hub, concurrency);
        var baseline = Math.Min(before, after);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run.Label}: {seconds:F1} s; bare requests {before:F1} s before, {after:F1} s after; SyncService VmRSS {atRestKb} kB at rest, peak {peakKb} kB; {summary}"));
        return
        [
            new($"{run.Label}, submit→completed", "s", Better.Lower, seconds, baseline, "the same HTTP requests made bare, the faster of before and after")
            {
                Goal = Goal.FigureAtMost(run.GoalSeconds),
            },
            new($"{run.Label}, upstream requests", "requests", Better.Lower, made, requests, "made by the sync vs the bare run"),
            new($"{run.Label}, files synced", "per s", Better.Higher, synced / seconds, bareFiles / baseline, "the files the sync recorded vs those the bare run fetched"),
            new($"{run.Label}, SyncService peak RSS", "MB", Better.Lower, peakKb * 1024 / 1e6, atRestKb * 1024 / 1e6, "its RSS at rest, before the sync"),
        ];
    }

    /// <returns>The time, the job's summary, and how many files it says the sync recorded.</returns>
    private static async Task<(double Seconds, string Summary, int Files)> SyncAsync(SyncCase run, HttpClient api)
    {
        var clock = Stopwatch.StartNew();
        var id = await api.SubmitSyncAsync(run.Repo, run.RepoType);
        var job = await api.WaitForJobToCompleteAsync(id, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(50));
        var seconds = clock.Elapsed.TotalSeconds;
        var summary = job["summary"]?.GetValue<string>() ?? "";
        var recorded = SyncedFiles().Match(summary);
        return recorded.Success
            ? (seconds, summary, int.Parse(recorded.Groups[1].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"the sync's summary does not say how many files it recorded: {summary}");
    }

    private static async Task<int> CountRequestsAsync(SyncCase run, HttpClient hub)
    {
        var log = await hub.GetFromJsonAsync<JsonElement>($"/_sim/requests?repo={Uri.EscapeDataString(run.Repo)}&type={run.RepoType}");
        return log.GetProperty("total").GetInt32();
    }

    /// <returns>The time, and how many files the listing named (each fetched).</returns>
    private static async Task<(double Seconds, int Files)> BareRequestsAsync(SyncCase run, HttpClient hub, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var info = await hub.GetFromJsonAsync<JsonElement>($"{run.ApiFolder}/{run.Repo}/revision/main");
        var commit = info.GetProperty("sha").GetString()!;
        var files = new List<string>();
        for (string? next = $"{run.ApiFolder}/{run.Repo}/tree/{commit}?recursive=true&expand=false"; next is not null;)
        {
            using var page = await hub.GetAsync(next);
            var entries = await page.Content.ReadFromJsonAsync<JsonElement>();
            files.AddRange(entries.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()!));
            next = LinkHeaders.Next(page);
        }

        using var follow = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { BaseAddress = hub.BaseAddress };
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (path, ct) =>
        {
            using var response = await follow.GetAsync($"{run.FilePrefix}/resolve/{commit}/{path}", HttpCompletionOption.ResponseHeadersRead, ct);
            await (await response.Content.ReadAsStreamAsync(ct)).CopyToAsync(Stream.Null, ct);
        });
        return (clock.Elapsed.TotalSeconds, files.Count);
    }

    [GeneratedRegex(@"^synced (\d+) files")]
    private static partial Regex SyncedFiles();
}
