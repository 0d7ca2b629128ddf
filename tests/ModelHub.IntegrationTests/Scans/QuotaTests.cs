using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.Scans;

/// <summary>enforce-quota: least recently used first, pinned repositories never.</summary>
[Collection(ScanCollection.Name)]
public sealed class QuotaTests(ScanFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_quota_is_enforced_Should_evict_the_least_recently_used_blobs_of_unpinned_repositories()
    {
        var pinned = await fixture.StoredRepoAsync("quota/pinned", ("weights.bin", ScanSteps.RandomBytes(100_000)));
        var older = await fixture.StoredRepoAsync("quota/older", ("weights.bin", ScanSteps.RandomBytes(100_000)));
        var newer = await fixture.StoredRepoAsync("quota/newer", ("weights.bin", ScanSteps.RandomBytes(100_000)));
        await LastUsedAsync("quota/pinned", TimeSpan.FromDays(3));
        await LastUsedAsync("quota/older", TimeSpan.FromDays(2));
        await LastUsedAsync("quota/newer", TimeSpan.FromDays(1));
        (await _client.PostAsync("/v1/hub/models/quota/pinned/pin", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var total = StoreBytes();

        var first = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "enforce-quota", max_bytes = total - 1 }));

        (first.BlobsEvicted, first.BytesEvicted).ShouldBe((1, 100_000L));
        first.StoreBytes.ShouldBe(total - 100_000);
        (File.Exists(fixture.BlobPath(older["weights.bin"])), File.Exists(fixture.BlobPath(newer["weights.bin"])), File.Exists(fixture.BlobPath(pinned["weights.bin"])))
            .ShouldBe((false, true, true));
        var evicted = (await fixture.ArtifactsAsync("quota/older")).Single(a => a.Path == "weights.bin");
        (evicted.Status, evicted.ContentHash, evicted.LocalPath).ShouldBe((ArtifactStatus.NotDownloaded, null, null));

        var second = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "enforce-quota", max_bytes = 0 }));

        File.Exists(fixture.BlobPath(pinned["weights.bin"])).ShouldBeTrue("a pinned repository is never evicted");
        File.Exists(fixture.BlobPath(newer["weights.bin"])).ShouldBeFalse();
        second.StoreBytes.ShouldBe(StoreBytes());
        second.Problems.ShouldContain(p => p.Contains("over the quota"));
        (await fixture.ArtifactsAsync("quota/pinned")).ShouldAllBe(a => a.Status == ArtifactStatus.Completed);
    }

    [Fact]
    public async Task When_no_quota_is_set_Should_fail_the_job_and_say_how_to_set_one()
    {
        var job = await fixture.ScanAsync(new { mode = "enforce-quota" }, "failed");

        job["error"]!.GetValue<string>().ShouldContain("Scan:QuotaBytes");
    }

    [Fact]
    public async Task When_a_repository_is_pinned_Should_show_it_and_answer_404_for_unknown_repositories()
    {
        await fixture.StoredRepoAsync("quota/pin-me", ("a.json", ScanSteps.RandomBytes(10)));

        var pinned = await (await _client.PostAsync("/v1/hub/models/quota/pin-me/pin", null)).ReadJsonAsync();
        var shown = await (await _client.GetAsync("/v1/hub/models/quota/pin-me")).ReadJsonAsync();
        var unpinned = await (await _client.DeleteAsync("/v1/hub/models/quota/pin-me/pin")).ReadJsonAsync();

        (pinned["pinned"]!.GetValue<bool>(), shown["pinned"]!.GetValue<bool>(), unpinned["pinned"]!.GetValue<bool>()).ShouldBe((true, true, false));
        await (await _client.PostAsync("/v1/hub/models/nobody/nothing/pin", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private long StoreBytes() => Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Sum(f => new FileInfo(f).Length);

    private Task<int> LastUsedAsync(string repoId, TimeSpan ago) =>
        fixture.WithDbAsync(db => db.Artifacts
            .Where(a => db.Repositories.Any(r => r.Id == a.RepositoryId && r.RepoId == repoId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAccessedAt, DateTimeOffset.UtcNow - ago)));
}
