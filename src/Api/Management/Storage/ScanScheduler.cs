using Medallion.Threading;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Submission;
using ModelHub.Persistence;
using ModelHub.ServiceDefaults.Caching;

namespace ModelHub.Api.Management.Storage;

/// <summary>
/// Submits a scan when the last one of its mode is older than its interval. Any number of Api
/// instances may run this: a lock per mode and the job table (the last scan's time) keep it to one job per interval.
/// </summary>
internal sealed class ScanScheduler(
    IServiceScopeFactory scopes, IDistributedLockProvider locks, IOptions<ScanScheduleOptions> options, TimeProvider clock,
    ILogger<ScanScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled().Any())
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckEvery, clock);
        do
        {
            foreach (var (mode, interval) in options.Value.Enabled())
            {
                try
                {
                    await SubmitIfDueAsync(mode, interval, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not look at the {Mode} scan schedule; trying again in {Interval}", mode, options.Value.CheckEvery);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<bool> SubmitIfDueAsync(string mode, TimeSpan interval, CancellationToken cancellationToken)
    {
        var lockName = LockNames.ScanSchedule(mode);
        await using var held = await locks.TryAcquireLockAsync(lockName, TimeSpan.Zero, cancellationToken);
        return held is not null && await held.RunWhileHeldAsync(lockName, token => SubmitIfStillDueAsync(mode, interval, token), cancellationToken);
    }

    private async Task<bool> SubmitIfStillDueAsync(string mode, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        var modeFilter = JobPayloads.Serialize(new { mode });
        var last = await db.Jobs.AsNoTracking()
            .Where(j => j.Kind == JobKind.Scan && EF.Functions.JsonContains(j.Payload, modeFilter))
            .MaxAsync(j => (DateTimeOffset?)j.CreatedAt, cancellationToken);
        if (last is { } at && at > clock.GetUtcNow() - interval)
        {
            return false;
        }

        var payload = new ScanPayload(mode) { OlderThanDays = mode == ScanModes.Verify ? options.Value.VerifyOlderThanDays : null };
        var job = await scope.ServiceProvider.GetRequiredService<JobSubmitter>().SubmitAsync(JobKind.Scan, payload, null, null, cancellationToken);
        logger.LogInformation("Scheduled {Mode} scan submitted as job {JobId}", mode, job.CorrelationId);
        return true;
    }
}
