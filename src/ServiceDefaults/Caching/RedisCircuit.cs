using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>
/// Whether Redis is worth asking. While the connection is down, or for <see cref="RedisOptions.SkipFor"/>
/// after a call failed, every cache read is a miss and every write is skipped at once, so a stopped (or
/// hung) Redis costs a request nothing instead of a timeout per call. Redis holds nothing that cannot
/// be rebuilt, so skipping it is always safe; the locks have their own fallback to PostgreSQL, and
/// ask this circuit which way to go.
/// </summary>
public sealed class RedisCircuit(IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider clock, ILogger<RedisCircuit> logger)
{
    /// <summary>The calls, tagged <c>modelhub.redis.outcome</c> = sent or skipped, so an outage's cost can be read off <c>/metrics</c>.</summary>
    public const string CallsName = "modelhub.redis.calls";

    private static readonly Counter<long> Calls = ModelHubTelemetry.Meter.CreateCounter<long>(
        CallsName, "{call}", "Calls of the cache and of live progress: sent to Redis, or skipped at once while its circuit is open.");
    private static readonly KeyValuePair<string, object?> SentTag = new("modelhub.redis.outcome", "sent");
    private static readonly KeyValuePair<string, object?> SkippedTag = new("modelhub.redis.outcome", "skipped");

    private long _openUntil;
    private long _openedAt = -1;
    private long _sent;
    private long _skipped;

    public IConnectionMultiplexer Connection => redis;

    /// <summary>True while Redis is being skipped.</summary>
    public bool IsOpen => !redis.IsConnected || clock.GetTimestamp() < Interlocked.Read(ref _openUntil);

    /// <summary>Calls of the cache and of live progress sent to Redis since the start (not the health check's ping).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Such calls answered at once with their fallback because the circuit was open: what an outage cost nothing.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Whether a call may go to Redis now; counted either way.</summary>
    public bool Admits()
    {
        if (IsOpen)
        {
            Interlocked.Increment(ref _skipped);
            Calls.Add(1, SkippedTag);
            return false;
        }

        Interlocked.Increment(ref _sent);
        Calls.Add(1, SentTag);
        return true;
    }

    /// <summary>When Redis was first found unreachable in the current outage; null while it answers.</summary>
    public DateTimeOffset? DownSince => Interlocked.Read(ref _openedAt) is var at and >= 0
        ? clock.GetUtcNow() - clock.GetElapsedTime(at)
        : null;

    /// <summary>A call failed: skip Redis for a while.</summary>
    public void Trip(Exception failure)
    {
        var now = clock.GetTimestamp();
        Interlocked.Exchange(ref _openUntil, now + (long)(options.Value.SkipFor.TotalSeconds * clock.TimestampFrequency));
        if (Interlocked.CompareExchange(ref _openedAt, now, -1) == -1)
        {
            logger.LogWarning("Redis is unreachable ({Reason}): skipping it for {SkipFor} at a time; caches miss, live progress is off, locks are taken in PostgreSQL",
                failure.Message, options.Value.SkipFor);
        }
    }

    /// <summary>A call succeeded: the outage, if there was one, is over.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _openedAt, -1) != -1)
        {
            logger.LogInformation("Redis answers again");
        }
    }

    /// <summary>Runs <paramref name="call"/> unless Redis is being skipped; a Redis failure trips the circuit and gives <paramref name="fallback"/>.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, T fallback)
    {
        if (!Admits())
        {
            return fallback;
        }

        try
        {
            var result = await call(redis.GetDatabase());
            Reset();
            return result;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Trip(e);
            return fallback;
        }
    }

    public Task RunAsync(Func<IDatabase, Task> call) => RunAsync(async db =>
    {
        await call(db);
        return true;
    }, false);

    /// <summary>
    /// Redis did not answer, or answered with an error: not a caller's mistake. (DistributedLock.Redis wraps
    /// what each of its databases threw in an <see cref="AggregateException"/>.)
    /// </summary>
    public static bool IsRedisFailure(Exception e) =>
        e is RedisException or RedisTimeoutException
        || (e is AggregateException { InnerExceptions.Count: > 0 } all && all.InnerExceptions.All(IsRedisFailure));
}
