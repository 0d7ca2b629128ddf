using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.UpstreamSimulator.Catalog;
using SimRepoType = ModelHub.UpstreamSimulator.Catalog.RepoType;

namespace ModelHub.IntegrationTests.Datasets;

/// <summary>The Hugging Face–compatible routes for a dataset: the model routes' shapes at the Hub's dataset addresses.</summary>
[Collection(ServeCollection.Name)]
public sealed class DatasetHubApiTests(ServeFixture fixture) : IAsyncLifetime
{
    private const string Dataset = ShippedRepos.ParquetDataset;

    private readonly HttpClient _client = fixture.CreateClient();
    private readonly HttpClient _hub = fixture.CreateHubClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_synced_dataset_is_described_Should_answer_dataset_info_tree_and_paths_info_of_its_commit()
    {
        var main = await SyncDatasetAsync(Dataset);

        var info = await GetJsonAsync($"/api/datasets/{Dataset}");
        var atRevision = await GetJsonAsync($"/api/datasets/{Dataset}/revision/main?blobs=true");
        var tree = await GetJsonAsync($"/api/datasets/{Dataset}/tree/main/data");
        var pathsInfo = await (await _client.PostAsync($"/api/datasets/{Dataset}/paths-info/main",
            new FormUrlEncodedContent([new("paths", "README.md"), new("paths", "nope.txt")]))).ReadJsonAsync();

        (info["id"]!.GetValue<string>(), info["sha"]!.GetValue<string>()).ShouldBe((Dataset, main.Sha));
        info.AsObject().ContainsKey("modelId").ShouldBeFalse("dataset info has no modelId");
        info["siblings"]!.AsArray().Select(s => s!["rfilename"]!.GetValue<string>()).Order().ShouldBe(main.Files.Select(f => f.Path).Order());
        var shard = main.Files.First(f => f.Path.StartsWith("data/train-", StringComparison.Ordinal));
        var sibling = atRevision["siblings"]!.AsArray().Single(s => s!["rfilename"]!.GetValue<string>() == shard.Path)!;
        sibling["lfs"]!["sha256"]!.GetValue<string>().ShouldBe(shard.Sha256);
        tree.AsArray().Select(e => e!["path"]!.GetValue<string>()).ShouldBe(
            main.Files.Where(f => f.Path.StartsWith("data/", StringComparison.Ordinal)).Select(f => f.Path).Order(StringComparer.Ordinal).Take(ServeFixture.TreePageSize));
        pathsInfo.AsArray().Select(e => e!["path"]!.GetValue<string>()).ShouldBe(["README.md"]);
    }

    [Fact]
    public async Task When_a_dataset_file_is_resolved_Should_send_its_bytes_and_its_raw_pointer()
    {
        var main = await SyncDatasetAsync(Dataset);
        var card = main.Files.Single(f => f.Path == "README.md");
        var shard = main.Files.First(f => f.Path.StartsWith("data/test-", StringComparison.Ordinal));

        var head = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/datasets/{Dataset}/resolve/main/README.md"));
        var cardBytes = await _client.GetByteArrayAsync($"/datasets/{Dataset}/resolve/main/README.md");
        var shardBytes = await _client.GetByteArrayAsync($"/datasets/{Dataset}/resolve/{main.Sha}/{shard.Path}");
        var pointer = await _client.GetStringAsync($"/datasets/{Dataset}/raw/main/{shard.Path}");

        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Header("X-Repo-Commit").ShouldBe(main.Sha);
        cardBytes.ShouldBe(card.ReadAllBytes());
        Convert.ToHexStringLower(SHA256.HashData(shardBytes)).ShouldBe(shard.Sha256, "pulled through from the dataset's upstream address");
        pointer.ShouldBe(shard.LfsPointer);
    }

    [Fact]
    public async Task When_an_id_is_asked_for_as_the_other_type_Should_answer_repo_not_found()
    {
        await SyncDatasetAsync(Dataset);
        await fixture.SyncAsync(_client);

        await (await _client.GetAsync($"/api/models/{Dataset}")).ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await (await _client.GetAsync($"/{Dataset}/resolve/main/README.md")).ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await (await _client.GetAsync($"/api/datasets/{ShippedRepos.Wan}")).ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await (await _client.GetAsync($"/datasets/{ShippedRepos.Wan}/resolve/main/config.json")).ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
    }

    [Fact]
    public async Task When_a_model_and_a_dataset_share_an_id_Should_serve_each_its_own_files()
    {
        var model = fixture.Simulator.Catalog[SimRepoType.Model, ShippedRepos.SharedName].Main;
        await _client.SyncAsync(ShippedRepos.SharedName);
        var dataset = await SyncDatasetAsync(ShippedRepos.SharedName);

        var modelInfo = await GetJsonAsync($"/api/models/{ShippedRepos.SharedName}");
        var datasetInfo = await GetJsonAsync($"/api/datasets/{ShippedRepos.SharedName}");

        modelInfo["sha"]!.GetValue<string>().ShouldBe(model.Sha);
        datasetInfo["sha"]!.GetValue<string>().ShouldBe(dataset.Sha);
        var datasetFile = dataset.Files.First(f => !model.Files.Any(m => m.Path == f.Path));
        (await _client.GetByteArrayAsync($"/datasets/{ShippedRepos.SharedName}/resolve/main/{datasetFile.Path}")).ShouldBe(datasetFile.ReadAllBytes());
        await (await _client.GetAsync($"/{ShippedRepos.SharedName}/resolve/main/{datasetFile.Path}")).ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "EntryNotFound");
    }

    [Fact]
    public async Task When_a_gated_dataset_is_read_Should_describe_it_as_gated_and_send_files_only_with_a_read_token()
    {
        var main = await SyncDatasetAsync(ShippedRepos.GatedDataset);
        var file = main.Files.First(f => !f.IsLfs);
        var url = $"/datasets/{ShippedRepos.GatedDataset}/resolve/main/{file.Path}";

        var info = await GetJsonAsync($"/api/datasets/{ShippedRepos.GatedDataset}");
        var anonymous = await _hub.SendAsync(ServeFixture.Request(HttpMethod.Get, url));
        var reader = await _hub.SendAsync(ServeFixture.Request(HttpMethod.Get, url, token: ServeFixture.ReadToken));

        info["gated"]!.GetValue<string>().ShouldBe("manual");
        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        (await reader.Content.ReadAsByteArrayAsync()).ShouldBe(file.ReadAllBytes());
    }

    private async Task<SimCommit> SyncDatasetAsync(string repoId)
    {
        await _client.SyncDatasetAsync(repoId);
        return fixture.Simulator.Catalog[SimRepoType.Dataset, repoId].Main;
    }

    private async Task<JsonNode> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        return await response.ReadJsonAsync();
    }
}
