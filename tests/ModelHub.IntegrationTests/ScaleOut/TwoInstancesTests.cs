using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.ScaleOut;

/// <summary>Two instances of each worker on one broker: the work spreads, the locks keep it correct.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class TwoInstancesTests(ScaleOutFixture fixture) : IAsyncLifetime
{
    private const int Repos = 10;
    private const int WeightBytes = 1536 * 1024;

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_fifty_mixed_jobs_run_on_two_instances_of_each_worker_Should_complete_them_all_and_fetch_each_blob_once()
    {
        // Repositories i and i + 5 share one weight's bytes: two repositories, one blob, one fetch.
        var shared = Enumerable.Range(0, Repos / 2).Select(_ => Bytes(WeightBytes)).ToList();
        var repos = Enumerable.Range(0, Repos).Select(i => $"scale/repo-{i}").ToList();
        for (var i = 0; i < Repos; i++)
        {
            var (repoId, sharedWeight, ownWeight) = (repos[i], shared[i % shared.Count], Bytes(WeightBytes));
            fixture.Simulator.Catalog.RemoveRepo(repoId);
            fixture.Simulator.Catalog.AddRepo(repoId, commit => commit
                .Text("config.json", $$"""{"repo": "{{repoId}}"}""")
                .Bytes("shared.safetensors", sharedWeight, lfs: true)
                .Bytes("own.safetensors", ownWeight, lfs: true));
        }

        var client = fixture.CreateClient();
        var syncs = await Task.WhenAll(repos.Select(repo => client.SubmitSyncAsync(repo)));
        await Task.WhenAll(syncs.Select(job => client.WaitForJobAsync(job, "completed", 120)));
        var weights = await fixture.WithDbAsync(db => db.Artifacts.Where(a => a.LfsSha256 != null).Select(a => new { a.Id, a.LfsSha256 }).ToListAsync());
        weights.Count.ShouldBe(2 * Repos);
        fixture.Simulator.Catalog.Requests.Clear();

        // Every weight asked for twice, all at once: 40 download jobs beside the 10 syncs.
        var downloads = await Task.WhenAll(weights.Concat(weights).Select(w => client.SubmitDownloadAsync(w.Id)));
        await Task.WhenAll(downloads.Select(job => client.WaitForJobAsync(job, "completed", 120)));

        var contents = weights.Select(w => w.LfsSha256!).Distinct().ToList();
        contents.Count.ShouldBe(Repos + shared.Count);
        var fetches = fixture.Simulator.Catalog.Requests.Snapshot().Where(r => r.Kind == "cdn").ToList();
        foreach (var sha256 in contents)
        {
            fetches.Count(r => r.Path.EndsWith(sha256, StringComparison.Ordinal)).ShouldBe(1, $"blob {sha256} fetched once");
        }

        Directory.EnumerateFiles(Path.Combine(fixture.StoreRoot, "blobs", "sha256")).Count().ShouldBe(contents.Count + Repos);
        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.Status == ArtifactStatus.Completed))).ShouldBe(3 * Repos);
        fixture.SecondSyncService.Count.ShouldBeInRange(1, Repos - 1, "both SyncService instances took syncs");
        fixture.SecondDownloadService.Count.ShouldBeInRange(1, downloads.Length - 1, "both DownloadService instances took downloads");
        (await fixture.SecondInstancesReadinessAsync()).ShouldAllBe(status => status == HttpStatusCode.OK);
    }

    private static byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
