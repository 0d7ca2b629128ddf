using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>
/// Where something restarts the service when it exits (compose's <c>restart: unless-stopped</c>, systemd,
/// an orchestrator), a queue left without its consumer (see <see cref="BrokerConsumersHealthCheck"/>) heals
/// itself: the service stops once the check has said so for <see cref="LostConsumerOptions.ExitWhenConsumerLostFor"/>,
/// and the new process consumes again. Its unacknowledged messages go back to the queue.
/// </summary>
public sealed class LostConsumerWatchdog(
    BrokerConsumersHealthCheck check,
    IOptions<LostConsumerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<LostConsumerWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly HealthCheckContext Context = new()
    {
        Registration = new HealthCheckRegistration(BrokerConsumersHealthCheck.Name, _ => null!, HealthStatus.Unhealthy, null),
    };

    private DateTimeOffset? _unhealthySince;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ExitWhenConsumerLostFor is not { } limit || limit <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
            if (await ShouldExitAsync(limit, stoppingToken))
            {
                lifetime.StopApplication();
                return;
            }
        }
    }

    /// <summary>One look: true once the check has been Unhealthy for <paramref name="limit"/> without a break.</summary>
    public async Task<bool> ShouldExitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var result = await check.CheckHealthAsync(Context, cancellationToken);
        if (result.Status != HealthStatus.Unhealthy)
        {
            _unhealthySince = null;
            return false;
        }

        var now = clock.GetUtcNow();
        _unhealthySince ??= now;
        if (now - _unhealthySince < limit)
        {
            return false;
        }

        logger.LogCritical("Stopping the service so that it is restarted: {Reason} (for {Seconds:F0} s; Messaging:ExitWhenConsumerLostFor is {Limit})",
            result.Description, (now - _unhealthySince.Value).TotalSeconds, limit);
        return true;
    }
}
