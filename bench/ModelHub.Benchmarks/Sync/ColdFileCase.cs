using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelHub.Benchmarks.Sync;

/// <summary>
/// One file of a 10,000-file repository nobody has synced, asked for through ModelHub's <c>/resolve</c> (pull-through):
/// the <c>HEAD</c> the Python client gives 10 s, and the first byte of a <c>GET</c>, each beside the upstream's own
/// answer to the same request. The upstream is asked first, three times per file (which also builds the simulator's
/// generated repository, so neither side pays for it), then ModelHub once per file: a file is cold only once.
/// </summary>
internal static class ColdFileCase
{
    private const string Repo = "sim/ten-thousand-files-unsynced";
    private const int Rounds = 3;

    public static async Task<IEnumerable<Measure>> MeasureAsync(HttpClient api, HttpClient hub)
    {
        var info = await hub.GetFromJsonAsync<JsonElement>($"/api/models/{Repo}/revision/main");
        var commit = info.GetProperty("sha").GetString()!;
        var paths = info.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()!)
            .Where(p => p.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        // Spread over the tree; the GET's file is the last one listed, the last the sync records.
        var heads = Enumerable.Range(1, 5).Select(i => paths[(paths.Count * i / 6) - 1]).ToList();
        var got = paths[^1];

        using var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }) { BaseAddress = hub.BaseAddress };
        var upstreamHead = Latencies.Median(await RepeatAsync(heads, path => HeadAsync(upstream, path)));
        var upstreamFirstByte = Latencies.Median(await RepeatAsync([got], path => FirstByteAsync(upstream, path)));

        (await api.PostAsJsonAsync("/v1/hub/register", new { repo_id = Repo })).EnsureSuccessStatusCode();
        var coldHeads = new List<double>();
        foreach (var path in heads)
        {
            coldHeads.Add(await HeadAsync(api, path, commit));
        }

        var coldFirstByte = await FirstByteAsync(api, got);
        await WaitForSyncAsync(api);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold file of {Repo}: HEADs {string.Join(", ", coldHeads.Select(s => $"{s * 1000:F0} ms"))} (upstream {upstreamHead * 1000:F0} ms); "
            + $"first byte of a GET {coldFirstByte * 1000:F0} ms (upstream {upstreamFirstByte * 1000:F0} ms)"));
        return
        [
            new("cold HEAD, unsynced 10,000-file repo (median of 5 files)", "s", Better.Lower, Latencies.Median(coldHeads), upstreamHead,
                "the upstream's own HEAD of the same files, median of 3 rounds")
            {
                Goal = Goal.FigureAtMost(1),
            },
            new("cold HEAD, unsynced 10,000-file repo (slowest of 5)", "s", Better.Lower, coldHeads.Max(), upstreamHead, "the same"),
            new("cold GET, unsynced 10,000-file repo, first byte (last file of the tree)", "s", Better.Lower, coldFirstByte, upstreamFirstByte,
                "the upstream's first byte of the same file, median of 3"),
        ];
    }

    private static async Task<double> HeadAsync(HttpClient client, string path, string? commit = null)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/{Repo}/resolve/main/{path}"));
        var seconds = clock.Elapsed.TotalSeconds;
        response.EnsureSuccessStatusCode();
        if (commit is not null && response.Headers.GetValues("X-Repo-Commit").Single() != commit)
        {
            throw new InvalidOperationException($"HEAD {path} named another commit than the upstream's {commit}");
        }

        return seconds;
    }

    private static async Task<double> FirstByteAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/{Repo}/resolve/main/{path}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[1];
        await body.ReadExactlyAsync(first);
        var seconds = clock.Elapsed.TotalSeconds;
        await body.CopyToAsync(Stream.Null);
        return seconds;
    }

    private static async Task<List<double>> RepeatAsync(IReadOnlyList<string> paths, Func<string, Task<double>> measure)
    {
        var seconds = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var path in paths)
            {
                seconds.Add(await measure(path));
            }
        }

        return seconds;
    }

    /// <summary>The sync the first HEAD started, finished before anything else is measured on this stack.</summary>
    private static async Task WaitForSyncAsync(HttpClient api)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            var repo = await api.GetFromJsonAsync<JsonElement>($"/v1/hub/models/{Repo}");
            if (repo.TryGetProperty("last_synced_commit", out var synced) && synced.ValueKind == JsonValueKind.String)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the sync of {Repo} started by the cold HEAD did not finish within 5 minutes");
    }
}
