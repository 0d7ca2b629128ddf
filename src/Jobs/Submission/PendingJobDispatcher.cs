using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Submission;

/// <summary>
/// Announces again every job that is still Pending with no command sent some time after it was
/// accepted. The saga sends a job's command at most once, so a repeated announcement is harmless.
/// </summary>
internal sealed class PendingJobDispatcher(
    IServiceScopeFactory scopes, IJobAnnouncer announcer, IOptions<JobsOptions> options, TimeProvider clock,
    ILogger<PendingJobDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;

    // Per job, when this process last announced it: one announcement per RedispatchAfter, not one per tick.
    private readonly Dictionary<Guid, DateTimeOffset> _announcedAt = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DispatcherInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Looking for undispatched jobs failed; trying again in {Interval}", options.Value.DispatcherInterval);
            }
        }
    }

    internal async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.RedispatchAfter;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var stranded = await db.Set<JobState>().AsNoTracking()
            .Where(j => j.CurrentState == JobStateNames.Pending && j.DispatchedAt == null && j.CreatedAt < cutoff)
            .OrderBy(j => j.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var announced = 0;
        foreach (var job in stranded.Where(j => !_announcedAt.TryGetValue(j.CorrelationId, out var at) || at < cutoff))
        {
            if (!await announcer.TryAnnounceAsync(job, cancellationToken))
            {
                break;
            }

            _announcedAt[job.CorrelationId] = now;
            announced++;
        }

        foreach (var id in _announcedAt.Where(e => e.Value < cutoff).Select(e => e.Key).ToList())
        {
            _announcedAt.Remove(id);
        }

        if (announced > 0)
        {
            logger.LogInformation("Announced {Count} job(s) again that were accepted but not yet dispatched", announced);
        }

        return announced;
    }
}
