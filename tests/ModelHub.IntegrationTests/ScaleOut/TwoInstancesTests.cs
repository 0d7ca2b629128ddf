using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.ScaleOut;

/// <summary>Two instances of each worker on one broker: the work spreads, the locks keep it correct.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class TwoInstancesTests(ScaleOutFixture fixture) : IAsyncLifetime
{
    private const int Repos = 10;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_fifty_mixed_jobs_run_on_two_instances_of_each_worker_Should_complete_them_all_and_fetch_each_blob_once()
    {
        // Repositories i and i + 5 share one weight's bytes: two repositories, one blob, one fetch.
        var repos = SharedWeightRepos.Add(fixture, "scale", Repos, sharedWeights: Repos / 2);
        var client = fixture.CreateClient();
        var weights = await repos.SyncAllAsync(client);

        // Every weight asked for twice, all at once: 40 download jobs beside the 10 syncs.
        var downloads = await Task.WhenAll(weights.Concat(weights).Select(w => client.SubmitDownloadAsync(w.Id)));
        await client.WaitForJobsAsync(downloads, "completed", 120);

        var contents = repos.ShouldEachBeFetchedOnce(weights);
        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Count().ShouldBe(contents.Count + Repos);
        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.Status == ArtifactStatus.Completed))).ShouldBe(3 * Repos);
        fixture.SecondSyncService.Count.ShouldBeInRange(1, Repos - 1, "both SyncService instances took syncs");
        fixture.SecondDownloadService.Count.ShouldBeInRange(1, downloads.Length - 1, "both DownloadService instances took downloads");
        (await fixture.SecondInstancesReadinessAsync()).ShouldAllBe(status => status == HttpStatusCode.OK);
    }
}
