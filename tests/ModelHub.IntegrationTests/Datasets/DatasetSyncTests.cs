using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Repositories;
using ModelHub.UpstreamSimulator.Catalog;
using RepoType = ModelHub.Contracts.Repositories.RepoType;
using SimRepoType = ModelHub.UpstreamSimulator.Catalog.RepoType;

namespace ModelHub.IntegrationTests.Datasets;

/// <summary>A dataset end to end on the real stack: synced from the simulator's dataset routes, downloaded, announced as a dataset.</summary>
[Collection(SyncCollection.Name)]
public sealed class DatasetSyncTests(SyncFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_dataset_is_synced_and_a_shard_downloaded_Should_store_its_files_apart_and_announce_a_dataset()
    {
        var upstream = fixture.Simulator.Catalog[SimRepoType.Dataset, ShippedRepos.ParquetDataset].Main;

        await _client.SyncDatasetAsync(ShippedRepos.ParquetDataset);
        var jobs = await _client.SubmitDownloadsAsync(new { repo_id = ShippedRepos.ParquetDataset, repo_type = "dataset", include = new[] { "data/test-*.parquet" } });
        await _client.WaitForJobsAsync(jobs, "completed", 60);

        var repo = await (await _client.GetAsync($"/v1/hub/datasets/{ShippedRepos.ParquetDataset}")).ReadJsonAsync();
        repo["repo_type"]!.GetValue<string>().ShouldBe("dataset");
        repo["last_synced_commit"]!.GetValue<string>().ShouldBe(upstream.Sha);
        repo["artifacts"]!["files"]!.GetValue<int>().ShouldBe(upstream.Files.Count);
        var card = upstream.Files.Single(f => f.Path == "README.md");
        File.Exists(Path.Combine(fixture.StoreRoot, "metadata", "datasets", ShippedRepos.ParquetDataset, upstream.Sha, card.Path)).ShouldBeTrue();
        var shard = upstream.Files.Single(f => f.Path.StartsWith("data/test-", StringComparison.Ordinal));
        Sha256Of(Path.Combine(fixture.StoreRoot, "blobs", "sha256", shard.Sha256)).ShouldBe(shard.Sha256);

        await fixture.CatchUpWithDownloadsAsync(jobs);
        var downloaded = fixture.Events.Downloaded.ShouldHaveSingleItem();
        (downloaded.RepoType, downloaded.RepoId, downloaded.Path).ShouldBe(("dataset", ShippedRepos.ParquetDataset, shard.Path));
        fixture.Simulator.Catalog.Requests.CountFor(SimRepoType.Model, ShippedRepos.ParquetDataset).ShouldBe(0, "nothing was asked at a model's address");
        var storage = await (await _client.GetAsync("/v1/hub/storage")).ReadJsonAsync();
        var row = storage["repositories"]!.AsArray().Single(r => r!["repo_id"]!.GetValue<string>() == ShippedRepos.ParquetDataset)!;
        row["repo_type"]!.GetValue<string>().ShouldBe("dataset");
        row["stored_bytes"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(shard.Size + card.Size);
        var datasets = storage["by_type"]!["dataset"]!;
        (datasets["repositories"]!.GetValue<int>(), datasets["stored_bytes"]!.GetValue<long>()).ShouldBe((1, row["stored_bytes"]!.GetValue<long>()));
        storage["by_type"]!["model"]!["repositories"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task When_a_model_and_a_dataset_share_an_id_Should_sync_each_its_own_files()
    {
        var modelFiles = fixture.Simulator.Catalog[SimRepoType.Model, ShippedRepos.SharedName].Main.Files.Select(f => f.Path).Order().ToList();
        var datasetFiles = fixture.Simulator.Catalog[SimRepoType.Dataset, ShippedRepos.SharedName].Main.Files.Select(f => f.Path).Order().ToList();

        await _client.SyncAsync(ShippedRepos.SharedName);
        await _client.SyncDatasetAsync(ShippedRepos.SharedName);

        (await FilesOfAsync(RepoType.Model, ShippedRepos.SharedName)).ShouldBe(modelFiles);
        (await FilesOfAsync(RepoType.Dataset, ShippedRepos.SharedName)).ShouldBe(datasetFiles);
        datasetFiles.ShouldNotBe(modelFiles);
        Directory.Exists(Path.Combine(fixture.StoreRoot, "metadata", ShippedRepos.SharedName)).ShouldBeTrue();
        Directory.Exists(Path.Combine(fixture.StoreRoot, "metadata", "datasets", ShippedRepos.SharedName)).ShouldBeTrue();
    }

    private Task<List<string>> FilesOfAsync(RepoType type, string repoId) => fixture.WithDbAsync(db =>
        db.Artifacts.Where(a => db.Repositories.Named(type, repoId).Any(r => r.Id == a.RepositoryId)).Select(a => a.Path).OrderBy(p => p).ToListAsync());

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
