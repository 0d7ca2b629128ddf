using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ModelHub.Storage;

/// <summary>
/// The store's size and blob count as gauges. <c>blobs/sha256/</c> is one flat folder, so a count
/// is one directory listing; it is taken at most once per <see cref="StoreOptions.SizeRefreshInterval"/>,
/// whoever collects (an OTLP export, a Prometheus scrape), and the last figures are given in between.
/// </summary>
internal sealed class StoreSizeGauge(BlobStore store, IMeterFactory meters, IOptions<StoreOptions> options, TimeProvider clock) : IHostedService
{
    private readonly Lock _gate = new();
    private (long Bytes, long Blobs) _figures;
    private long _countedAt;
    private bool _counted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(StoreTelemetry.Name);
        meter.CreateObservableGauge(StoreTelemetry.SizeName, () => Figures().Bytes, "By", "Bytes of the blobs in the store.");
        meter.CreateObservableGauge(StoreTelemetry.BlobCountName, () => Figures().Blobs, "{blob}", "Blobs in the store.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal (long Bytes, long Blobs) Figures()
    {
        lock (_gate)
        {
            if (!_counted || clock.GetElapsedTime(_countedAt) >= options.Value.SizeRefreshInterval)
            {
                _figures = Count(Path.Combine(store.Root, "blobs", "sha256"));
                _countedAt = clock.GetTimestamp();
                _counted = true;
            }

            return _figures;
        }
    }

    private static (long Bytes, long Blobs) Count(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return (0, 0);
        }

        long bytes = 0, blobs = 0;
        foreach (var blob in new DirectoryInfo(folder).EnumerateFiles())
        {
            bytes += blob.Length;
            blobs++;
        }

        return (bytes, blobs);
    }
}
