using System.Diagnostics;
using System.Globalization;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// An air gap's export of a large file: <c>GET /v1/hub/models/{repo}/export?include={path}</c> (a tar of the stored
/// weight in the Hugging Face cache layout) beside a <c>/resolve</c> of the same file, one <c>curl</c> each, alternating;
/// and the Api's peak resident memory during the exports beside its peak while one client fetched the file, which must
/// not grow with the file's size.
/// </summary>
internal static class SnapshotExport
{
    private static readonly TimeSpan RssInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<Measure[]> RunAsync(Uri api, string repo, BenchArtifact file, ServiceProcess apiProcess, int runs, double singleClientPeakMb)
    {
        var export = new Uri(api, $"/v1/hub/models/{repo}/export?include={Uri.EscapeDataString(file.Path)}");
        var resolve = new Uri(api, $"/{repo}/resolve/main/{file.Path}");
        Console.WriteLine($"export: curl -o /dev/null of {export.PathAndQuery} (a tar holding the {file.Size}-byte weight) beside {resolve.PathAndQuery}; {runs} runs a side, alternating");
        var (exports, fetches, peaks) = (new List<CurlGet>(), new List<CurlGet>(), new List<double>());
        for (var run = 1; run <= runs; run++)
        {
            foreach (var exportFirst in run % 2 == 1 ? new[] { true, false } : [false, true])
            {
                if (exportFirst)
                {
                    apiProcess.TryResetPeak();
                    var work = CurlGet.RunAsync(export, size: null);
                    var (highestKb, _) = await apiProcess.SampleUntilAsync(work, RssInterval, Stopwatch.StartNew(), long.MaxValue);
                    var exported = await work;
                    if (exported.Bytes < file.Size)
                    {
                        throw new InvalidOperationException($"the export sent {exported.Bytes} bytes, fewer than the file's {file.Size}");
                    }

                    exports.Add(exported);
                    peaks.Add(Math.Max(highestKb, apiProcess.PeakKb) / 1024.0);
                }
                else
                {
                    fetches.Add(await CurlGet.RunAsync(resolve, file.Size));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: export {exports[^1].Seconds:F2} s ({exports[^1].MBps:F0} MB/s, {exports[^1].Bytes} bytes)  /resolve {fetches[^1].Seconds:F2} s ({fetches[^1].MBps:F0} MB/s)  Api peak RSS {peaks[^1]:F0} MB"));
        }

        var size = ByteSizes.Label(file.Size);
        return
        [
            new($"export of a {size} file (tar)", "MB/s", Better.Higher, exports.Max(e => e.MBps), fetches.Max(f => f.MBps),
                $"/resolve of the same file, one curl each to /dev/null from the page cache; best of {runs}, alternating"),
            new($"export of a {size} file, Api peak RSS", "MB", Better.Lower, peaks.Max(), singleClientPeakMb,
                "the Api's peak while 1 client fetched the same file (constant memory: not growing with the file's size)")
            {
                Goal = Goal.RatioAtMost(1.25),
            },
        ];
    }
}
