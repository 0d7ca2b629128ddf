using System.Collections.Concurrent;
using System.Diagnostics;
using Medallion.Threading;
using ModelHub.IntegrationTests.ScaleOut;
using ModelHub.ServiceDefaults.Caching;
using Npgsql;
using Xunit.Abstractions;

namespace ModelHub.IntegrationTests.Redis;

/// <summary>
/// The locks across Redis going away and coming back: two processes (each with its own connection and
/// circuit, as two services have) never hold one name at once, whichever way each of them went.
/// </summary>
[Collection(RedisOutageCollection.Name)]
public sealed class FailoverLockProviderTests(ScaleOutFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    private readonly string _name = $"modelhub:test:{Guid.NewGuid():N}";

    public Task InitializeAsync() => TestRedis.StartAsync();

    public Task DisposeAsync() => TestRedis.StartAsync();

    [Fact]
    public async Task When_Redis_dies_after_a_lock_was_taken_Should_still_keep_others_out()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        using var b = new LockProcess(fixture.PostgresConnectionString);
        var held = await a.Locks.TryAcquireLockAsync(_name, Short);
        held.ShouldNotBeNull();

        await TestRedis.StopAsync();
        var clock = Stopwatch.StartNew();
        (await b.Locks.TryAcquireLockAsync(_name, Short)).ShouldBeNull("B, in PostgreSQL, must wait for A");
        clock.Elapsed.ShouldBeGreaterThan(Short * 0.9, "B waited its whole timeout rather than failing at once");
        b.Redis.IsOpen.ShouldBeTrue();

        // A's Redis lease is gone by now (renewal fails): its PostgreSQL lock is what it holds, and still does.
        held.HandleLostToken.IsCancellationRequested.ShouldBeFalse();
        await held.DisposeAsync();

        await using var taken = await b.Locks.TryAcquireLockAsync(_name, Short);
        taken.ShouldNotBeNull("B takes the lock in PostgreSQL once A let go, with Redis still down");
    }

    [Fact]
    public async Task When_a_holder_took_the_lock_in_PostgreSQL_while_Redis_was_down_Should_make_a_Redis_mode_acquirer_wait()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        await TestRedis.StopAsync();
        var held = await a.Locks.TryAcquireLockAsync(_name, Short);
        held.ShouldNotBeNull("A takes the lock in PostgreSQL alone");

        await TestRedis.StartAsync();
        using var b = new LockProcess(fixture.PostgresConnectionString);
        await b.WaitForRedisAsync();
        var waiting = b.Locks.TryAcquireLockAsync(_name, TimeSpan.FromSeconds(30)).AsTask();
        // The marker: PostgreSQL itself shows B's advisory lock request waiting (not granted) behind A's.
        await Poll.UntilAsync(() => AdvisoryLocksWaitingAsync(), waiters => waiters > 0, TimeSpan.FromSeconds(30), waiters => "no advisory lock waits in PostgreSQL");
        waiting.IsCompleted.ShouldBeFalse("B took Redis, and must still wait for A's PostgreSQL lock");
        (await b.Redis.Connection.GetDatabase().KeyExistsAsync(_name)).ShouldBeTrue("B went the Redis way: it holds the Redis lock while it waits");

        await held.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        taken.ShouldNotBeNull();
    }

    [Fact]
    public async Task When_Redis_stops_and_comes_back_Should_never_let_two_holders_overlap()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        using var b = new LockProcess(fixture.PostgresConnectionString);
        var phase = "up";
        var inside = 0;
        var most = 0;
        var taken = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(LockProcess process)
        {
            while (!stop.IsCancellationRequested)
            {
                await using var held = await process.Locks.TryAcquireLockAsync(_name, TimeSpan.FromSeconds(30))
                    ?? throw new ShouldAssertException("no acquirer should wait 30 s here");
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                taken.AddOrUpdate($"{Volatile.Read(ref phase)}{(process.Redis.IsOpen ? "" : " (Redis)")}", 1, (_, n) => n + 1);
                await Task.Delay(Random.Shared.Next(2, 20));
                Interlocked.Decrement(ref inside);
            }
        }

        var workers = Enumerable.Range(0, 3).SelectMany(_ => new[] { WorkAsync(a), WorkAsync(b) }).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Volatile.Write(ref phase, "down");
        await TestRedis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Volatile.Write(ref phase, "back");
        await TestRedis.StartAsync();
        await a.WaitForRedisAsync();
        await b.WaitForRedisAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        stop.Cancel();
        await Task.WhenAll(workers);

        var summary = string.Join(", ", taken.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}: {t.Value}"));
        output.WriteLine($"locks taken: {summary}");
        most.ShouldBe(1, $"holders at once, at most; locks taken: {summary}");
        taken.GetValueOrDefault("up (Redis)").ShouldBeGreaterThan(0);
        taken.GetValueOrDefault("down").ShouldBeGreaterThan(0, "locks are taken in PostgreSQL while Redis is down");
        taken.GetValueOrDefault("back (Redis)").ShouldBeGreaterThan(0, "locks go back to Redis once it is back");
    }

    [Fact]
    public async Task When_a_holders_PostgreSQL_connection_dies_Should_lose_the_lock_and_stop_the_work()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        var held = await a.Locks.TryAcquireLockAsync(_name, Short) ?? throw new ShouldAssertException("the lock is free");
        var work = held.RunWhileHeldAsync(_name, token => Task.Delay(Timeout.Infinite, token), CancellationToken.None);

        await TerminateAdvisoryLockHoldersAsync();

        await Should.ThrowAsync<LockLostException>(work.WaitAsync(TimeSpan.FromSeconds(15)));
        held.HandleLostToken.IsCancellationRequested.ShouldBeTrue();
        await held.DisposeAsync(); // as the holder's `await using` does: quietly, though its connection is gone
        using var b = new LockProcess(fixture.PostgresConnectionString);
        await using var taken = await b.Locks.TryAcquireLockAsync(_name, Short);
        taken.ShouldNotBeNull();
    }

    private async Task TerminateAdvisoryLockHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand(
            """
            SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        ((long)(await terminate.ExecuteScalarAsync())!).ShouldBeGreaterThan(0, "a session holds the advisory lock");
    }

    private async Task<long> AdvisoryLocksWaitingAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.PostgresConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

/// <summary>
/// Stopping Redis stops it for every fixture: these tests run alone, after the others, on a fixture of
/// their own (two instances of each worker, so two processes contend for each lock).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisOutageCollection : ICollectionFixture<ScaleOutFixture>
{
    public const string Name = "redis-outage";
}
