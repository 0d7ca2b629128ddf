using System.Diagnostics;
using System.Globalization;
using ModelHub.Benchmarks.Scans;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// A fleet starting at once on weights ModelHub has: <see cref="HerdSettings.WarmClients"/> clients fetch the same
/// stored file through <c>/resolve</c>, beside nginx sending the same blob file to as many clients; the sides
/// alternate. ModelHub's side also samples the Api's resident memory, which must not grow with clients × file size.
/// </summary>
internal static class WarmHerd
{
    private static readonly TimeSpan RssInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<Measure[]> RunAsync(Uri modelHubUrl, Uri nginxUrl, ServiceProcess api, Nginx nginx, long size, HerdSettings settings, double singleClientPeakMb)
    {
        var clients = settings.WarmClients;
        Console.WriteLine($"warm herd: {clients} clients, curl -o /dev/null of the same {size} bytes at once; {settings.Runs} runs a side, alternating");
        var modelHub = new List<Sample>();
        var baseline = new List<Sample>();
        for (var run = 1; run <= settings.Runs; run++)
        {
            foreach (var first in run % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var sample = first
                    ? await MeasureAsync(modelHubUrl, size, clients, () => CpuTime.OfProcess(api.Pid), api)
                    : await MeasureAsync(nginxUrl, size, clients, () => nginx.CpuSeconds, null);
                (first ? modelHub : baseline).Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run} {(first ? "ModelHub" : "nginx"),-8} last client done {sample.Herd.LastDoneSeconds,6:F1} s (first {sample.Herd.FirstClientDoneSeconds:F1} s)  "
                    + $"{sample.Herd.AggregateMBps,8:F0} MB/s in all  server CPU {sample.CpuSeconds:F1} s{(sample.PeakRssMb is { } rss ? $"  Api peak RSS {rss:F0} MB" : "")}"));
            }
        }

        var gigabytes = clients * (double)size / 1e9;
        var peak = modelHub.Max(s => s.PeakRssMb!.Value);
        return
        [
            new($"warm herd, {clients} clients, {ByteSizes.Label(size)}", "MB/s", Better.Higher, modelHub.Max(s => s.Herd.AggregateMBps), baseline.Max(s => s.Herd.AggregateMBps),
                $"nginx sending the same blob to {clients} curls at once; every client's bytes over the time until the last was done; best of {settings.Runs}")
            {
                Goal = Goal.RatioAtLeast(0.9),
            },
            new($"warm herd, {clients} clients, CPU per GB", "s/GB", Better.Lower, modelHub.Min(s => s.CpuSeconds) / gigabytes, baseline.Min(s => s.CpuSeconds) / gigabytes,
                "nginx master + workers; the server's user + system time per GB sent; least of the runs"),
            new($"warm herd, {clients} clients, Api peak RSS", "MB", Better.Lower, peak, singleClientPeakMb,
                "the Api's peak while 1 client fetched the same file (flat: not growing with clients × file size)")
            {
                Goal = Goal.RatioAtMost(1.25),
            },
        ];
    }

    private static async Task<Sample> MeasureAsync(Uri url, long size, int clients, Func<double> serverCpu, ServiceProcess? api)
    {
        var cpu = serverCpu();
        var herd = CurlHerd.RunAsync(url, size, clients);
        double? peakMb = null;
        if (api is not null)
        {
            var (highestKb, _) = await api.SampleUntilAsync(herd, RssInterval, Stopwatch.StartNew(), long.MaxValue);
            peakMb = highestKb / 1024.0;
        }

        return new Sample(await herd, serverCpu() - cpu, peakMb);
    }

    private sealed record Sample(CurlHerd Herd, double CpuSeconds, double? PeakRssMb);
}
