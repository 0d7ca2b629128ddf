using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>verify: every blob re-hashed against its name; a bad one quarantined, its artifacts marked, and (when asked) fetched again.</summary>
[Collection(ScanCollection.Name)]
public sealed class VerifyTests(ScanFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_blobs_bytes_changed_Should_quarantine_it_and_mark_its_artifacts_corrupt()
    {
        var stored = await fixture.StoredRepoAsync("scan/verify-corrupt",
            ("config.json", ScanSteps.RandomBytes(300)), ("tokenizer.json", ScanSteps.RandomBytes(70_000)));
        var victim = stored["config.json"];
        var metadataCopy = Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "metadata"), "config.json", SearchOption.AllDirectories).Single();
        fixture.FlipAByte(victim);

        var job = await fixture.ScanAsync(new { mode = "verify" });

        job["summary"]!.GetValue<string>().ShouldContain("1 corrupt");
        File.Exists(fixture.BlobPath(victim)).ShouldBeFalse();
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "quarantine")).ShouldHaveSingleItem().ShouldContain(victim);
        File.Exists(metadataCopy).ShouldBeFalse("the readable copy shares the bad bytes");
        var artifacts = await fixture.ArtifactsAsync("scan/verify-corrupt");
        var config = artifacts.Single(a => a.Path == "config.json");
        (config.Status, config.LocalPath).ShouldBe((ArtifactStatus.Corrupt, null));
        var tokenizer = artifacts.Single(a => a.Path == "tokenizer.json");
        (tokenizer.Status, tokenizer.VerifiedAt is not null).ShouldBe((ArtifactStatus.Completed, true));

        var scanned = await fixture.ScannedAsync(job);
        (scanned.CorruptBlobs, scanned.RepairJobs, scanned.MissingBlobs).ShouldBe((1, 0, 0));
        scanned.BlobsChecked.ShouldBe(Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Count() + 1);
        scanned.BytesPerSecond.ShouldBeGreaterThan(0);
        scanned.Problems.ShouldContain(p => p.StartsWith("corrupt:", StringComparison.Ordinal) && p.Contains(victim));
    }

    [Fact]
    public async Task When_repair_is_asked_Should_fetch_a_quarantined_blob_again_and_complete_its_artifact()
    {
        var stored = await fixture.StoredRepoAsync("scan/verify-repair", ("weights.bin", ScanSteps.RandomBytes(200_000)));
        var victim = stored["weights.bin"];
        fixture.FlipAByte(victim);

        var job = await fixture.ScanAsync(new { mode = "verify", repair = true });

        job["summary"]!.GetValue<string>().ShouldContain("1 repair download(s) submitted");
        var artifact = (await fixture.ArtifactsAsync("scan/verify-repair")).Single();
        var repair = await fixture.WithDbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.ModelArtifactId == artifact.Id));
        await _client.WaitForJobAsync(repair.CorrelationId, "completed", 60);
        HfCacheBuilder.Sha256(await File.ReadAllBytesAsync(fixture.BlobPath(victim))).ShouldBe(victim);
        (await fixture.ArtifactsAsync("scan/verify-repair")).Single().Status.ShouldBe(ArtifactStatus.Completed);
    }

    [Fact]
    public async Task When_a_verify_is_limited_to_one_repository_or_to_stale_blobs_Should_check_only_those()
    {
        var first = await fixture.StoredRepoAsync("scan/verify-first", ("a.json", ScanSteps.RandomBytes(1000)), ("b.json", ScanSteps.RandomBytes(2000)));
        var second = await fixture.StoredRepoAsync("scan/verify-second", ("c.json", ScanSteps.RandomBytes(3000)));
        var allBlobs = Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Count();
        var firstBlobs = (await fixture.ArtifactsAsync("scan/verify-first")).Select(a => a.ContentHash).Distinct().Count();

        var one = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify", repo_id = "scan/verify-first" }));
        var stale = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify", older_than_days = 1 }));
        var fresh = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "verify", older_than_days = 1 }));

        one.BlobsChecked.ShouldBe(firstBlobs);
        stale.BlobsChecked.ShouldBe(allBlobs - firstBlobs, "the first repository's blobs were verified a moment ago");
        fresh.BlobsChecked.ShouldBe(0);
        first.Count.ShouldBe(2);
        second.Count.ShouldBe(1);
    }
}
