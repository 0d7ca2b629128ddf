using ModelHub.Benchmarks;
using ModelHub.Benchmarks.Downloads;
using ModelHub.Benchmarks.Saga;
using ModelHub.Benchmarks.Scans;
using ModelHub.Benchmarks.Serving;
using ModelHub.Benchmarks.Sync;

// ./hub bench starts PostgreSQL, RabbitMQ, Redis and the Api, then runs this with their addresses.
var options = BenchOptions.Parse(args);
return options.Benchmark switch
{
    "saga" => await SagaBenchmark.RunAsync(options),
    "sync" => await SyncBenchmark.RunAsync(options),
    "download" => await DownloadBenchmark.RunAsync(options),
    "scan" => await VerifyBenchmark.RunAsync(options),
    "serve" => await ServeBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ./hub bench saga [--jobs N] [--concurrency N] | ./hub bench sync [--concurrency N] | ./hub bench download [--curl-max-time S] | ./hub bench scan | ./hub bench serve");
    return 2;
}
