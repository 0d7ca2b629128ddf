using ModelHub.Benchmarks;
using ModelHub.Benchmarks.Downloads;
using ModelHub.Benchmarks.Edge;
using ModelHub.Benchmarks.Listings;
using ModelHub.Benchmarks.Pipeline;
using ModelHub.Benchmarks.Saga;
using ModelHub.Benchmarks.Scans;
using ModelHub.Benchmarks.Serving;
using ModelHub.Benchmarks.Snapshots;
using ModelHub.Benchmarks.Sync;

// ./hub bench starts PostgreSQL, RabbitMQ, Redis and the services measured, then runs this with their addresses;
// ./hub bench all then runs `report FILE` for the one table of every benchmark's rows.
if (args is ["report", var results])
{
    return CombinedReport.Print(results);
}

var options = BenchOptions.Parse(args);
return options.Benchmark switch
{
    "saga" => await SagaBenchmark.RunAsync(options),
    "sync" => await SyncBenchmark.RunAsync(options),
    "download" => await DownloadBenchmark.RunAsync(options),
    "scan" => await VerifyBenchmark.RunAsync(options),
    "serve" => await ServeBenchmark.RunAsync(options),
    "edge" => await EdgeBenchmark.RunAsync(options),
    "pipeline" => await PipelineBenchmark.RunAsync(options),
    "listings" => await ListingsBenchmark.RunAsync(options),
    "snapshot" => await SnapshotBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ./hub bench [all|saga|sync|download|scan|serve|edge|pipeline|listings|snapshot] [--jobs N] [--concurrency N] | report FILE");
    return 2;
}
