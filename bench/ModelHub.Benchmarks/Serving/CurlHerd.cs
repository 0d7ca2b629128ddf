using System.Diagnostics;
using System.Globalization;
using ModelHub.TestSupport;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// What one herd measured: <see cref="Clients"/> <c>curl -o /dev/null</c> of one file started at once, the time until
/// the last was done, and each client's time to its first byte.
/// </summary>
internal sealed record CurlHerd(int Clients, long Size, double LastDoneSeconds, double FirstClientDoneSeconds, double SlowestFirstByteSeconds)
{
    /// <summary>Every client's bytes over the time until the last was done.</summary>
    public double AggregateMBps => Clients * (double)Size / LastDoneSeconds / 1e6;

    /// <summary>
    /// Starts <paramref name="clients"/> curls of <paramref name="url"/> together (following redirects, as the Hub's
    /// clients do); each must answer 200 with <paramref name="size"/> bytes.
    /// </summary>
    public static async Task<CurlHerd> RunAsync(Uri url, long size, int clients)
    {
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var curl = await ExternalProcess.RunAsync(
                "curl", "-sS", "-L", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_starttransfer}", url.ToString());
            var done = clock.Elapsed.TotalSeconds;
            if (curl.ExitCode != 0)
            {
                throw new InvalidOperationException(curl.Describe("curl"));
            }

            var figures = curl.Output.Trim().Split(' ');
            var bytes = long.Parse(figures[1], CultureInfo.InvariantCulture);
            return figures[0] == "200" && bytes == size
                ? (Done: done, FirstByte: double.Parse(figures[2], CultureInfo.InvariantCulture))
                : throw new InvalidOperationException($"curl {url}: {figures[0]} and {bytes} bytes, not 200 and {size}");
        }));
        return new CurlHerd(clients, size, runs.Max(r => r.Done), runs.Min(r => r.Done), runs.Max(r => r.FirstByte));
    }
}
