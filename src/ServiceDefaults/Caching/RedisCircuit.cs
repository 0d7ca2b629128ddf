using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    private long _openUntil;
    private long _openedAt = -1;

    public IConnectionMultiplexer Connection => redis;

    /// <summary>True while Redis is being skipped.</summary>
    public bool IsOpen => !redis.IsConnected || clock.GetTimestamp() < Interlocked.Read(ref _openUntil);

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
        if (IsOpen)
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
