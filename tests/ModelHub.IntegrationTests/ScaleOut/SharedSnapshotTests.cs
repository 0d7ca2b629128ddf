using ModelHub.Contracts.Snapshots;
using ModelHub.IntegrationTests.Downloads;

namespace ModelHub.IntegrationTests.ScaleOut;

/// <summary>One snapshot, two DownloadService instances: its batches spread over both, and each file is fetched once.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class SharedSnapshotTests(ScaleOutFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_snapshot_runs_on_two_instances_Should_share_its_batches_and_fetch_each_file_once()
    {
        var client = fixture.CreateClient();
        var repo = SnapshotRepos.Add(fixture, smallFiles: 2000, largeFiles: 4);
        await SnapshotRepos.SyncWithoutStoredBytesAsync(fixture, client, repo);
        var secondBefore = fixture.SecondDownloadService.Batches;

        var id = (await client.SubmitDownloadsAsync(new { repo_id = repo.Id })).Single();
        var job = await client.WaitForJobAsync(id, "completed", 180);

        job["progress"]!["items_done"]!.GetValue<long>().ShouldBe(repo.Main.Files.Count);
        var fetches = SnapshotRepos.FetchesPerFile(fixture, repo);
        fetches.Values.ShouldAllBe(count => count == 1, "every file fetched, and once");
        // 2,001 small files in batches of 256, and a batch per weight: shared by the two instances.
        var first = fixture.DownloadsFinished.Snapshot().OfType<DownloadSnapshotBatch>().Count(b => b.JobId == id);
        var second = fixture.SecondDownloadService.Batches - secondBefore;
        (first + second).ShouldBe(8 + 4);
        first.ShouldBeGreaterThan(0, "the first instance took batches");
        second.ShouldBeGreaterThan(0, "the second instance took batches");
    }
}
