using ModelHub.Benchmarks;
using ModelHub.Benchmarks.Downloads;
using ModelHub.Benchmarks.Pipeline;
using ModelHub.Benchmarks.Saga;
using ModelHub.Benchmarks.Scans;
using ModelHub.Benchmarks.Serving;
using ModelHub.Benchmarks.Sync;

// ./hub bench starts PostgreSQL, RabbitMQ, Redis and the services measured, then runs this with their addresses;
// `report FILE` prints the rows benchmarks appended to a results file as one table.
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
    "pipeline" => await PipelineBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ./hub bench [saga|sync|download|scan|serve|pipeline] [--jobs N] [--concurrency N] [--curl-max-time S] | report FILE");
    return 2;
}
