using Microsoft.Extensions.Time.Testing;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Ingest;

namespace ModelHub.Api.Tests.HubCompatibility;

/// <summary>How far the clients of a pull-through may read the growing file.</summary>
public sealed class ColdFetchTests
{
    private const long Size = 1000;

    [Fact]
    public async Task When_every_byte_arrived_but_is_not_verified_yet_Should_hold_back_the_last_byte()
    {
        var fetch = Opened();

        await ((IIngestObserver)fetch).WroteAsync((int)Size);

        fetch.Sendable.ShouldBe(Size - 1);
        fetch.IsVerified.ShouldBeFalse();
    }

    [Fact]
    public async Task When_small_chunks_arrive_Should_wake_the_readers_once_per_256_KiB()
    {
        var fetch = new ColdFetch("key", 1 << 20, new FakeTimeProvider());
        ((IIngestObserver)fetch).Opened("/store/temp/download-x.part", 1 << 20, 0);
        var progress = fetch.Progress;

        for (var i = 0; i < 3; i++)
        {
            await ((IIngestObserver)fetch).WroteAsync(64 * 1024);
        }

        (progress.IsCompleted, fetch.Written).ShouldBe((false, 3 * 64 * 1024L));
        await ((IIngestObserver)fetch).WroteAsync(64 * 1024);
        progress.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task When_the_upstream_falls_silent_after_a_few_bytes_Should_wake_the_readers_for_them_within_one_interval()
    {
        var clock = new FakeTimeProvider();
        var fetch = new ColdFetch("key", 1 << 20, clock);
        ((IIngestObserver)fetch).Opened("/store/temp/download-x.part", 1 << 20, 0);
        var progress = fetch.Progress;
        await ((IIngestObserver)fetch).WroteAsync(100);

        clock.Advance(TimeSpan.FromMilliseconds(99));
        progress.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromMilliseconds(1));

        progress.IsCompleted.ShouldBeTrue("no further write comes to wake them");
    }

    [Fact]
    public async Task When_no_byte_arrived_since_the_last_wake_Should_let_the_readers_sleep()
    {
        var clock = new FakeTimeProvider();
        var fetch = new ColdFetch("key", 1 << 20, clock);
        ((IIngestObserver)fetch).Opened("/store/temp/download-x.part", 1 << 20, 0);
        await ((IIngestObserver)fetch).WroteAsync(100);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var progress = fetch.Progress;

        clock.Advance(TimeSpan.FromSeconds(1));

        progress.IsCompleted.ShouldBeFalse();
        await ((IIngestObserver)fetch).WroteAsync(100);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        progress.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task When_the_bytes_verify_Should_release_the_last_byte_before_the_blob_is_stored()
    {
        var fetch = Opened();
        await ((IIngestObserver)fetch).WroteAsync((int)Size);
        var progress = fetch.Progress;

        ((IIngestObserver)fetch).Verified();

        progress.IsCompleted.ShouldBeTrue("a reader waiting for more bytes must wake");
        fetch.Sendable.ShouldBe(Size);
        fetch.Stored.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task When_the_move_into_the_store_fails_after_the_bytes_verified_Should_still_let_readers_send_them_all()
    {
        var fetch = Opened();
        await ((IIngestObserver)fetch).WroteAsync((int)Size);
        ((IIngestObserver)fetch).Verified();

        fetch.Fail(new IOException("No space left on device"));

        (fetch.Stored.IsFaulted, fetch.IsVerified, fetch.Sendable).ShouldBe((true, true, Size));
    }

    [Fact]
    public async Task When_the_fetch_fails_before_the_bytes_verify_Should_not_count_them_verified()
    {
        var fetch = Opened();
        await ((IIngestObserver)fetch).WroteAsync((int)Size);

        fetch.Fail(new IOException("the body was cut"));

        (fetch.Stored.IsFaulted, fetch.IsVerified, fetch.Sendable).ShouldBe((true, false, Size - 1));
    }

    private static ColdFetch Opened()
    {
        var fetch = new ColdFetch("key", Size, new FakeTimeProvider());
        ((IIngestObserver)fetch).Opened("/store/temp/download-x.part", Size, 0);
        return fetch;
    }
}
