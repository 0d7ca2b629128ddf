using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.UpstreamSimulator.Catalog;
using SimRepoType = ModelHub.UpstreamSimulator.Catalog.RepoType;

namespace ModelHub.IntegrationTests.Datasets;

/// <summary>
/// The real npm client <c>@huggingface/hub</c> on a dataset (<c>repo: { type: "dataset", name }</c>) whose id is also a
/// synced model's: one run of <c>js/hub-client-check.mjs</c>; each test checks one call got the dataset, not the model.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class NpmDatasetClientTests(ServeFixture fixture, NpmHubClient npm) : IClassFixture<NpmHubClient>
{
    private const string RepoFolder = "datasets--sim--shared-name";

    private SimCommit Main => fixture.Simulator.Catalog[SimRepoType.Dataset, ShippedRepos.SharedName].Main;

    [Fact]
    public async Task When_the_npm_client_asks_for_dataset_info_Should_get_the_dataset_and_its_commit()
    {
        var info = (await RunAsync()).Report["modelInfo"]!;

        info["name"]!.GetValue<string>().ShouldBe(ShippedRepos.SharedName);
        info["sha"]!.GetValue<string>().ShouldBe(Main.Sha);
    }

    [Fact]
    public async Task When_the_npm_client_lists_and_downloads_a_datasets_files_Should_get_the_datasets_bytes_from_its_routes()
    {
        var run = await RunAsync();

        var listed = run.Report["listFiles"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "file").Select(e => e!["path"]!.GetValue<string>());
        listed.Order(StringComparer.Ordinal).ShouldBe(Main.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        var downloads = run.Report["downloadFile"]!.AsObject();
        foreach (var file in Main.Files)
        {
            ((string?)downloads[file.Path]).ShouldBe(file.Sha256, file.Path);
        }

        var requests = run.Requests().ToList();
        requests.ShouldContain(r => r.StartsWith($"GET /api/datasets/{ShippedRepos.SharedName}/tree/main", StringComparison.Ordinal));
        requests.ShouldContain(r => r.StartsWith($"GET /datasets/{ShippedRepos.SharedName}/resolve/main/", StringComparison.Ordinal));
        requests.ShouldNotContain(r => r.StartsWith($"GET /{ShippedRepos.SharedName}/", StringComparison.Ordinal), "nothing went to the model's addresses");
    }

    [Fact]
    public async Task When_the_npm_client_downloads_a_dataset_snapshot_Should_write_it_under_the_datasets_cache_folder()
    {
        var run = await RunAsync();

        var snapshot = $"{RepoFolder}/snapshots/{Main.Sha}";
        run.Report["snapshotDownload"]!["folder"]!.GetValue<string>().ShouldBe(snapshot);
        var layout = run.Layout("snapshotCache");
        foreach (var file in Main.Files)
        {
            NpmClientRun.ShouldLinkToItsBlob(layout, RepoFolder, $"{snapshot}/{file.Path}", file.Sha256, file.ETag);
        }
    }

    /// <summary>Syncs the model and the dataset of one id (the dataset's LFS file stays unstored), then runs the client once for the class.</summary>
    private Task<NpmClientRun> RunAsync() => npm.OnceAsync(async () =>
    {
        await fixture.ResetAsync();
        var client = fixture.CreateClient();
        await client.SyncAsync(ShippedRepos.SharedName);
        await client.SyncDatasetAsync(ShippedRepos.SharedName);
        return await npm.CheckAsync(client.BaseAddress!, ServeFixture.ReadToken, ShippedRepos.SharedName, "dataset");
    });
}
