using System.Diagnostics;
using Medallion.Threading;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Persistence.Artifacts;
using ModelHub.ServiceDefaults.Caching;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>A scan and a download of the same bytes: the scan reads without the blob's lock and never moves a blob a download holds.</summary>
[Collection(ScanCollection.Name)]
public sealed class ScanLockingTests(ScanFixture fixture) : IAsyncLifetime
{
    private IDistributedLockProvider Locks => fixture.Api.Services.GetRequiredService<IDistributedLockProvider>();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_download_holds_a_blob_Should_verify_it_without_waiting()
    {
        var stored = await fixture.StoredRepoAsync("locks/held-intact", ("weights.bin", ScanSteps.RandomBytes(300_000)));
        await using var download = await Locks.AcquireLockAsync(LockNames.Blob(stored["weights.bin"]));
        var clock = Stopwatch.StartNew();

        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify" }));

        (scanned.BlobsChecked, scanned.CorruptBlobs).ShouldBe((1, 0));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task When_a_download_holds_a_corrupt_blob_Should_leave_it_alone_and_report_it()
    {
        var stored = await fixture.StoredRepoAsync("locks/held-corrupt", ("weights.bin", ScanSteps.RandomBytes(3000)));
        var sha256 = stored["weights.bin"];
        fixture.FlipAByte(sha256);
        await using (await Locks.AcquireLockAsync(LockNames.Blob(sha256)))
        {
            var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify" }));

            scanned.CorruptBlobs.ShouldBe(0);
            scanned.Problems.ShouldContain(p => p.Contains(sha256) && p.Contains("a download held it"));
            File.Exists(fixture.BlobPath(sha256)).ShouldBeTrue();
        }

        var later = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify" }));

        later.CorruptBlobs.ShouldBe(1);
        (await fixture.ArtifactsAsync("locks/held-corrupt")).Single().Status.ShouldBe(ArtifactStatus.Corrupt);
    }

    [Fact]
    public async Task When_a_download_is_writing_an_orphan_Should_not_delete_it()
    {
        var sha256 = fixture.PlantBlob(ScanSteps.RandomBytes(1024), DateTime.UtcNow - ScanFixture.OrphanGracePeriod * 2);

        await using (await Locks.AcquireLockAsync(LockNames.Blob(sha256)))
        {
            var busy = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "reconcile", delete_orphans = true }));

            (busy.OrphanBlobs, busy.OrphansDeleted).ShouldBe((1, 0));
            File.Exists(fixture.BlobPath(sha256)).ShouldBeTrue();
        }

        var free = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "reconcile", delete_orphans = true }));

        free.OrphansDeleted.ShouldBe(1);
        File.Exists(fixture.BlobPath(sha256)).ShouldBeFalse();
    }
}
