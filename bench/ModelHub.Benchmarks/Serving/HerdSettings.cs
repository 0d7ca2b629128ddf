namespace ModelHub.Benchmarks.Serving;

/// <param name="WarmClients">Clients of the warm herd (MODELHUB_BENCH_HERD_CLIENTS, default 64).</param>
/// <param name="ColdClients">Clients of the cold herd (MODELHUB_BENCH_COLD_HERD_CLIENTS, default 16).</param>
/// <param name="ColdBytesPerSecond">
/// The upstream's rate per connection in the cold herd (MODELHUB_BENCH_COLD_HERD_RATE, default 100 MB/s: about what
/// one connection to the Hub's CDN gives).
/// </param>
/// <param name="Runs">Runs per side of each herd (MODELHUB_BENCH_HERD_RUNS, default 2; the cold herd needs a file not stored yet per run, so at most 3).</param>
internal sealed record HerdSettings(int WarmClients, int ColdClients, long ColdBytesPerSecond, int Runs)
{
    public static HerdSettings FromEnvironment() => new(
        BenchOptions.NumberSetting("MODELHUB_BENCH_HERD_CLIENTS", 64),
        BenchOptions.NumberSetting("MODELHUB_BENCH_COLD_HERD_CLIENTS", 16),
        BenchOptions.NumberSetting("MODELHUB_BENCH_COLD_HERD_RATE", 100_000_000L),
        BenchOptions.NumberSetting("MODELHUB_BENCH_HERD_RUNS", 2));
}
