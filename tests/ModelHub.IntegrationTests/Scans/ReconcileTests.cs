using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>reconcile: the database and the disk brought back to one story.</summary>
[Collection(ScanCollection.Name)]
public sealed class ReconcileTests(ScanFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_blob_is_deleted_Should_mark_its_artifacts_missing_until_the_bytes_are_back()
    {
        var bytes = ScanSteps.RandomBytes(5000);
        var stored = await fixture.StoredRepoAsync("scan/reconcile-missing", ("generation_config.json", bytes), ("other.json", ScanSteps.RandomBytes(10)));
        var gone = stored["generation_config.json"];
        File.SetAttributes(fixture.BlobPath(gone), FileAttributes.Normal);
        File.Delete(fixture.BlobPath(gone));

        var first = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "reconcile" }));

        first.MissingBlobs.ShouldBe(1);
        var artifact = (await fixture.ArtifactsAsync("scan/reconcile-missing")).Single(a => a.Path == "generation_config.json");
        (artifact.Status, artifact.LocalPath, artifact.ContentHash).ShouldBe((ArtifactStatus.Missing, null, gone));
        (await fixture.ArtifactsAsync("scan/reconcile-missing")).Single(a => a.Path == "other.json").Status.ShouldBe(ArtifactStatus.Completed);

        await File.WriteAllBytesAsync(fixture.BlobPath(gone), bytes);
        var second = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "reconcile" }));

        (second.MissingBlobs, second.ArtifactsRestored).ShouldBe((0, 1));
        artifact = (await fixture.ArtifactsAsync("scan/reconcile-missing")).Single(a => a.Path == "generation_config.json");
        (artifact.Status, artifact.LocalPath).ShouldBe((ArtifactStatus.Completed, $"blobs/sha256/{gone}"));
    }

    [Fact]
    public async Task When_orphans_are_found_Should_report_them_delete_them_only_when_asked_and_spare_a_blob_just_written()
    {
        var stored = await fixture.StoredRepoAsync("scan/reconcile-orphans", ("config.json", ScanSteps.RandomBytes(700)));
        var old = fixture.PlantBlob(ScanSteps.RandomBytes(4096), DateTime.UtcNow - ScanFixture.OrphanGracePeriod * 2);
        var young = fixture.PlantBlob(ScanSteps.RandomBytes(2048), DateTime.UtcNow);
        var temp = Directory.CreateDirectory(Path.Combine(fixture.StoreRoot, "temp")).FullName;
        var stale = Path.Combine(temp, "download-0123456789abcdef0123456789abcdef.part");
        await File.WriteAllBytesAsync(stale, new byte[100]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - ScanFixture.StaleTempAge * 2);
        var live = Path.Combine(temp, "download-fedcba9876543210fedcba9876543210.part");
        await File.WriteAllBytesAsync(live, new byte[300]);

        var reported = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "reconcile" }));

        (reported.OrphanBlobs, reported.OrphanBytes, reported.OrphansDeleted).ShouldBe((1, 4096L, 0));
        reported.Problems.ShouldContain(p => p.Contains(old));
        reported.Problems.ShouldNotContain(p => p.Contains(young));
        (File.Exists(fixture.BlobPath(old)), File.Exists(fixture.BlobPath(young))).ShouldBe((true, true));
        (reported.TempFilesDeleted, reported.IncompleteFiles, reported.IncompleteBytes).ShouldBe((1, 1, 300L));
        (File.Exists(stale), File.Exists(live)).ShouldBe((false, true));

        var deleted = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "reconcile", delete_orphans = true }));

        (deleted.OrphanBlobs, deleted.OrphansDeleted).ShouldBe((1, 1));
        (File.Exists(fixture.BlobPath(old)), File.Exists(fixture.BlobPath(young))).ShouldBe((false, true));
        File.Exists(fixture.BlobPath(stored["config.json"])).ShouldBeTrue();
    }
}
