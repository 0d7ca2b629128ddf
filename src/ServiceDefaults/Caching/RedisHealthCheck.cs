using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>
/// Redis is a convenience, not a dependency: without it ModelHub runs on, slower (caches miss, no live
/// progress, locks in PostgreSQL), so an unreachable Redis makes the host Degraded, never Unhealthy.
/// </summary>
internal sealed class RedisHealthCheck(RedisCircuit circuit) : IHealthCheck
{
    private const string Consequences = "caches miss, live progress is off, locks are held in PostgreSQL";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (circuit.IsOpen)
        {
            return Unreachable(context, null);
        }

        try
        {
            var latency = await circuit.Connection.GetDatabase().PingAsync();
            circuit.Reset();
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"ping {latency.TotalMilliseconds:0.0} ms"));
        }
        catch (Exception e) when (RedisCircuit.IsRedisFailure(e))
        {
            circuit.Trip(e);
            return Unreachable(context, e);
        }
    }

    private HealthCheckResult Unreachable(HealthCheckContext context, Exception? failure)
    {
        var since = circuit.DownSince is { } at ? string.Create(CultureInfo.InvariantCulture, $" since {at:u}") : "";
        return new HealthCheckResult(context.Registration.FailureStatus, $"Redis is unreachable{since}: {Consequences}", failure);
    }
}
