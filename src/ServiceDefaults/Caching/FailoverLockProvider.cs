using Medallion.Threading;
using Medallion.Threading.Postgres;
using Medallion.Threading.Redis;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>
/// Distributed locks that outlive Redis and never give one name two holders.
/// <para>
/// Every holder holds a PostgreSQL advisory lock on the name (session-level, DistributedLock.Postgres):
/// that lock is what guarantees exclusion. While Redis answers, an acquirer takes the Redis lock first
/// (DistributedLock.Redis, leased and renewed), so waiters queue in Redis and only the winner goes on to
/// PostgreSQL, where it normally finds the lock free at once (one multiplexed connection per process holds
/// such locks). While Redis is unreachable (<see cref="RedisCircuit"/>), or when it fails during an
/// acquire, the acquirer takes the PostgreSQL lock alone, waiting there for what is left of its timeout.
/// </para>
/// <para>
/// Why hold PostgreSQL in Redis mode too, rather than probe it once after taking Redis:
/// (a) Redis dies while A holds a lock: A still holds its PostgreSQL lock, so B, now in PostgreSQL mode,
/// waits for A. Nothing depends on A noticing the lost lease before B starts, and A's work goes on to
/// completion instead of being thrown away. (b) Redis comes back while A holds only PostgreSQL: C takes
/// the (now empty) Redis lock, then waits in PostgreSQL until A is done. A probe would protect only the
/// instant it ran: a process that still saw Redis as down could take PostgreSQL right after it.
/// So exclusion never depends on every process seeing Redis the same way at the same moment; the price
/// is one PostgreSQL round trip per lock, and PostgreSQL is needed by every holder anyway.
/// </para>
/// <para>
/// A handle is lost (<see cref="IDistributedSynchronizationHandle.HandleLostToken"/>) when its
/// PostgreSQL lock is (its connection died); losing the Redis lease alone changes nothing. Locks are
/// always taken Redis first, then PostgreSQL, and a PostgreSQL-mode holder never waits for Redis:
/// no acquirer can wait for one that waits for it.
/// </para>
/// </summary>
public sealed class FailoverLockProvider : IDistributedLockProvider
{
    private readonly RedisCircuit _redis;
    private readonly RedisDistributedSynchronizationProvider _redisLocks;
    private readonly string _redisKeyPrefix;
    private readonly PostgresDistributedSynchronizationProvider _postgresLocks;
    private readonly TimeProvider _clock;
    private readonly ILogger<FailoverLockProvider> _logger;

    /// <param name="lease">How long a Redis lock outlives a holder that died without releasing it.</param>
    /// <param name="redisKeyPrefix">Put before each lock's name in Redis (<see cref="RedisOptions.KeyPrefix"/>).</param>
    public FailoverLockProvider(
        RedisCircuit redis, string postgresConnectionString, TimeSpan lease, string redisKeyPrefix, TimeProvider clock, ILogger<FailoverLockProvider> logger)
    {
        _redis = redis;
        _redisKeyPrefix = redisKeyPrefix;
        _redisLocks = new RedisDistributedSynchronizationProvider(redis.Connection.GetDatabase(), options => options.Expiry(lease));
        _postgresLocks = new PostgresDistributedSynchronizationProvider(WatchingTheClient(postgresConnectionString));
        _clock = clock;
        _logger = logger;
    }

    public IDistributedLock CreateLock(string name) => new FailoverLock(this, name);

    /// <summary>
    /// PostgreSQL notices that a client is gone only when it next talks to it, and a held lock's session is
    /// busy in the library's long pg_sleep (its watch for a lost connection): a holder killed with -9 would
    /// keep its lock until that sleep ends, up to a minute. Checking the client every second frees it at once.
    /// </summary>
    internal static string WatchingTheClient(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c client_connection_check_interval=1000".Trim();
        return builder.ConnectionString;
    }

    private async ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        IDistributedSynchronizationHandle? redisHandle = null;
        if (!_redis.IsOpen)
        {
            try
            {
                redisHandle = await _redisLocks.CreateLock(_redisKeyPrefix + name).TryAcquireAsync(timeout, cancellationToken);
                if (redisHandle is null)
                {
                    return null; // another holder kept it in Redis for the whole timeout
                }

                _redis.Reset();
            }
            catch (Exception e) when (RedisCircuit.IsRedisFailure(e))
            {
                _redis.Trip(e);
            }
        }

        try
        {
            var postgresHandle = await _postgresLocks.CreateLock(new PostgresAdvisoryLockKey(name, allowHashing: true))
                .TryAcquireAsync(Remaining(timeout, started), cancellationToken);
            if (postgresHandle is null)
            {
                await ReleaseRedisAsync(name, redisHandle);
                return null;
            }

            if (redisHandle is null)
            {
                _logger.LogDebug("Lock {Name} taken in PostgreSQL alone: Redis is unreachable", name);
            }

            return new Held(this, name, redisHandle, postgresHandle);
        }
        catch
        {
            await ReleaseRedisAsync(name, redisHandle);
            throw;
        }
    }

    private TimeSpan Remaining(TimeSpan timeout, long started) =>
        timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - _clock.GetElapsedTime(started)).Ticks));

    private async ValueTask ReleaseRedisAsync(string name, IDistributedSynchronizationHandle? handle)
    {
        if (handle is null)
        {
            return;
        }

        try
        {
            await handle.DisposeAsync();
        }
        catch (Exception e) when (RedisCircuit.IsRedisFailure(e))
        {
            // Its lease runs out by itself; the PostgreSQL lock was what mattered.
            _redis.Trip(e);
            _logger.LogDebug("Redis lock {Name} not released ({Reason}): it expires with its lease", name, e.Message);
        }
    }

    private sealed class FailoverLock(FailoverLockProvider provider, string name) : IDistributedLock
    {
        public string Name => name;

        public ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            provider.TryAcquireAsync(name, timeout, cancellationToken);

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            await provider.TryAcquireAsync(name, timeout ?? Timeout.InfiniteTimeSpan, cancellationToken)
                ?? throw new TimeoutException($"the lock {name} was not free within {timeout}");

        // ModelHub only awaits its locks; the blocking forms exist for the interface's sake.
        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            TryAcquireAsync(timeout, cancellationToken).AsTask().GetAwaiter().GetResult();

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AcquireAsync(timeout, cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    private sealed class Held(
        FailoverLockProvider provider, string name, IDistributedSynchronizationHandle? redisHandle, IDistributedSynchronizationHandle postgresHandle)
        : IDistributedSynchronizationHandle
    {
        private int _released;

        public CancellationToken HandleLostToken
        {
            get
            {
                // Asking starts the library's watch on the connection: a long pg_sleep it cancels on release.
                // That is no work of the holder's, and its cancellation would show as a failed query in every
                // holder's trace, so the watch (which runs on the context it starts on) is not traced.
                using (SuppressInstrumentationScope.Begin())
                {
                    return postgresHandle.HandleLostToken;
                }
            }
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            try
            {
                await postgresHandle.DisposeAsync();
            }
            catch (Exception e)
            {
                // A lock whose connection died is released with it; throwing here would hide the holder's own outcome.
                provider._logger.LogWarning("PostgreSQL lock {Name} not released cleanly ({Reason}): it went with its connection", name, e.Message);
            }
            finally
            {
                await provider.ReleaseRedisAsync(name, redisHandle);
            }
        }
    }
}
