using System.Diagnostics;

namespace ModelHub.Benchmarks.Serving;

/// <summary>
/// What one herd measured: <see cref="Clients"/> <c>curl -o /dev/null</c> of one file started at once, the time until
/// the last was done, and each client's time to its first byte.
/// </summary>
internal sealed record CurlHerd(int Clients, long Size, double LastDoneSeconds, double FirstClientDoneSeconds, double SlowestFirstByteSeconds)
{
    /// <summary>Every client's bytes over the time until the last was done.</summary>
    public double AggregateMBps => Clients * (double)Size / LastDoneSeconds / 1e6;

    /// <summary>Starts <paramref name="clients"/> <see cref="CurlGet"/>s of <paramref name="url"/> together; each must answer 200 with <paramref name="size"/> bytes.</summary>
    public static async Task<CurlHerd> RunAsync(Uri url, long size, int clients)
    {
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var get = await CurlGet.RunAsync(url, size);
            return (Done: clock.Elapsed.TotalSeconds, get.FirstByteSeconds);
        }));
        return new CurlHerd(clients, size, runs.Max(r => r.Done), runs.Min(r => r.Done), runs.Max(r => r.FirstByteSeconds));
    }
}
