using Microsoft.Extensions.Options;
using ModelHub.Storage;

namespace ModelHub.DownloadService.Downloads;

/// <summary>
/// Deletes partial downloads nobody has touched for <see cref="DownloadOptions.AbandonedPartAge"/>: a job
/// that was cancelled, or whose artifact is gone. A live download writes to its part all the time.
/// </summary>
internal sealed class AbandonedPartSweeper(BlobStore store, IOptions<DownloadOptions> options, TimeProvider clock, ILogger<AbandonedPartSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Math.Min(options.Value.AbandonedPartAge.Ticks / 4, TimeSpan.FromHours(1).Ticks)));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            Sweep();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal int Sweep()
    {
        var temp = Path.Combine(store.Root, "temp");
        if (!Directory.Exists(temp))
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow() - options.Value.AbandonedPartAge;
        var removed = 0;
        foreach (var file in new DirectoryInfo(temp).EnumerateFiles("*.part*"))
        {
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                file.Delete();
                removed++;
            }
        }

        if (removed > 0)
        {
            logger.LogInformation("Deleted {Count} abandoned partial download file(s) from {Temp}", removed, temp);
        }

        return removed;
    }
}
