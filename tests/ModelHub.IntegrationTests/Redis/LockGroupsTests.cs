using Medallion.Threading;
using ModelHub.IntegrationTests.ScaleOut;
using ModelHub.ServiceDefaults.Caching;

namespace ModelHub.IntegrationTests.Redis;

/// <summary>
/// Locks taken many at a time (a snapshot batch's small files) against the same names taken one at a time, in two
/// processes on the real PostgreSQL and Redis: each keeps the other out, and a group never waits.
/// </summary>
[Collection(RedisOutageCollection.Name)]
public sealed class LockGroupsTests(ScaleOutFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private readonly string[] _names = [.. Enumerable.Range(0, 5).Select(i => LockNames.Blob($"test-{Guid.NewGuid():N}-{i}"))];

    public Task InitializeAsync() => TestRedis.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_group_holds_names_Should_keep_single_acquirers_out_until_it_is_disposed()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        using var b = new LockProcess(fixture.PostgresConnectionString);
        var group = await a.Groups.TryAcquireAsync(_names, CancellationToken.None);
        group.Count.ShouldBe(_names.Length);
        _names.ShouldAllBe(name => group.Holds(name));

        (await b.Locks.TryAcquireLockAsync(_names[2], Short)).ShouldBeNull("the group holds the name's PostgreSQL lock");
        var waiting = b.Locks.TryAcquireLockAsync(_names[3], TimeSpan.FromSeconds(30)).AsTask();

        await group.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        taken.ShouldNotBeNull("a waiting acquirer gets the name once the group let it go");
        await using var other = await b.Locks.TryAcquireLockAsync(_names[2], Short);
        other.ShouldNotBeNull();
    }

    [Fact]
    public async Task When_another_process_holds_some_names_Should_take_the_others_without_waiting()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        using var b = new LockProcess(fixture.PostgresConnectionString);
        await using var single = await b.Locks.TryAcquireLockAsync(_names[1], Short);
        single.ShouldNotBeNull();
        await using (var otherGroup = await b.Groups.TryAcquireAsync([_names[4]], CancellationToken.None))
        {
            otherGroup.Holds(_names[4]).ShouldBeTrue();

            await using var group = await a.Groups.TryAcquireAsync(_names, CancellationToken.None);
            group.Holds(_names[1]).ShouldBeFalse("held alone by another process");
            group.Holds(_names[4]).ShouldBeFalse("held by another process's group");
            group.Count.ShouldBe(3);
            (await b.Locks.TryAcquireLockAsync(_names[0], Short)).ShouldBeNull();
        }

        // The other group is gone: its name is free again, the names still held stay held.
        await using var freed = await b.Locks.TryAcquireLockAsync(_names[4], Short);
        freed.ShouldNotBeNull();
    }

    [Fact]
    public async Task When_a_name_is_repeated_Should_hold_it_once_and_free_it_on_dispose()
    {
        using var a = new LockProcess(fixture.PostgresConnectionString);
        using var b = new LockProcess(fixture.PostgresConnectionString);
        await using (var group = await a.Groups.TryAcquireAsync([_names[0], _names[0]], CancellationToken.None))
        {
            group.Count.ShouldBe(1);
        }

        // A lock taken twice in one session would need two releases; the group releases everything its session holds.
        await using var taken = await b.Locks.TryAcquireLockAsync(_names[0], Short);
        taken.ShouldNotBeNull();
    }
}
