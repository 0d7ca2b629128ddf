using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// A fleet starting at once on weights ModelHub does not have yet: <see cref="HerdSettings.ColdClients"/> clients ask
/// <c>/resolve</c> for the same file of <c>sim/herd</c> (synced, its weights not stored) while the simulator sends
/// each connection at most <see cref="HerdSettings.ColdBytesPerSecond"/>. The baseline is one curl fetching the same
/// file from the simulator directly. Each run takes the next of the repository's weights, so every ModelHub run is
/// cold; the simulator's request log says how many file bytes the upstream sent for it.
/// </summary>
internal static class ColdHerd
{
    public const string Repo = "sim/herd";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StoredWait = TimeSpan.FromSeconds(30);

    public static async Task<Measure[]> RunAsync(HttpClient api, HttpClient sim, Uri apiUri, string store, HerdSettings settings, List<string> storedBlobs)
    {
        await api.WaitForJobToCompleteAsync(await api.SubmitSyncAsync(Repo), Patience, PollInterval);
        var files = (await BenchArtifact.ListAsync(api, Repo)).Where(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var runs = Math.Min(settings.Runs, files.Count);
        var clients = settings.ColdClients;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold herd: {clients} clients ask /resolve at once for a file of {Repo} not stored yet, the simulator sending {settings.ColdBytesPerSecond / 1e6:F0} MB/s per connection; "
            + $"beside one curl -L of the same file from the simulator; {runs} runs a side (a new file each), alternating"));
        (await sim.PutAsJsonAsync($"/_sim/repos/{Repo}/faults", new { bytesPerSecond = settings.ColdBytesPerSecond })).EnsureSuccessStatusCode();
        var modelHub = new List<(CurlHerd Herd, long UpstreamBytes)>();
        var direct = new List<CurlHerd>();
        try
        {
            for (var run = 1; run <= runs; run++)
            {
                var file = files[run - 1];
                var blob = ServeBenchmark.BlobPath(store, file.Sha256);
                if (File.Exists(blob))
                {
                    throw new InvalidOperationException($"{file.Path} is stored already ({blob}): the cold herd needs a file not stored yet");
                }

                foreach (var first in run % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    if (first)
                    {
                        var one = await CurlHerd.RunAsync(new Uri(sim.BaseAddress!, $"/{Repo}/resolve/main/{file.Path}"), file.Size, 1);
                        direct.Add(one);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  run {run} direct   {file.Path}: one curl {one.LastDoneSeconds,6:F1} s, first byte {one.SlowestFirstByteSeconds:F2} s"));
                        continue;
                    }

                    // Counted from now: the direct curl just before may be logged after a clear (once its response is over).
                    var since = DateTimeOffset.UtcNow;
                    var herd = await CurlHerd.RunAsync(new Uri(apiUri, $"/{Repo}/resolve/main/{file.Path}"), file.Size, clients);
                    var upstreamBytes = await UpstreamBytesAsync(sim, since);
                    storedBlobs.Add(blob);
                    await WaitUntilStoredAsync(blob, file.Path);
                    modelHub.Add((herd, upstreamBytes));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  run {run} ModelHub {file.Path}: last of {clients} clients done {herd.LastDoneSeconds,6:F1} s (first {herd.FirstClientDoneSeconds:F1} s), "
                        + $"slowest first byte {herd.SlowestFirstByteSeconds:F2} s; the upstream sent {upstreamBytes} file bytes ({upstreamBytes / (double)file.Size:F2}× the file); stored"));
                }
            }
        }
        finally
        {
            (await sim.DeleteAsync($"/_sim/repos/{Repo}/faults")).EnsureSuccessStatusCode();
        }

        var size = files[0].Size;
        return
        [
            new($"cold herd, {clients} clients, last done", "s", Better.Lower, modelHub.Min(r => r.Herd.LastDoneSeconds), direct.Min(r => r.LastDoneSeconds),
                $"one curl -L of the same file from the upstream directly, {settings.ColdBytesPerSecond / 1e6:F0} MB/s per connection; best of {runs}")
            {
                Goal = Goal.RatioAtMost(1.2),
            },
            new($"cold herd, {clients} clients, slowest first byte", "s", Better.Lower, modelHub.Min(r => r.Herd.SlowestFirstByteSeconds), direct.Min(r => r.SlowestFirstByteSeconds),
                "the same curl's first byte; best of the runs"),
            new($"cold herd, {clients} clients, upstream bytes", "bytes", Better.Lower, modelHub.Max(r => r.UpstreamBytes), size,
                "the file's size; file bytes the simulator sent in a ModelHub run (its request log), the most of the runs")
            {
                Goal = Goal.RatioAtMost(1.0),
            },
        ];
    }

    private static async Task<long> UpstreamBytesAsync(HttpClient sim, DateTimeOffset since)
    {
        var log = await sim.GetFromJsonAsync<JsonElement>($"/_sim/requests?repo={Repo}&limit=0&since={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}");
        return log.GetProperty("bodyBytes").GetInt64();
    }

    // The last byte reaches the clients once the bytes verify; the commit to the store follows it.
    private static async Task WaitUntilStoredAsync(string blob, string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(blob))
        {
            if (waited.Elapsed > StoredWait)
            {
                throw new InvalidOperationException($"{path} was not in the store ({blob}) {StoredWait.TotalSeconds:F0} s after its last client was done");
            }

            await Task.Delay(PollInterval);
        }
    }
}
