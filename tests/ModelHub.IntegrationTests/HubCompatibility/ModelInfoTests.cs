using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary><c>GET /api/models/{id}[/revision/{rev}]</c> (huggingface-hub-api.md §1.1, §9 row 1).</summary>
[Collection(ServeCollection.Name)]
public sealed class ModelInfoTests(ServeFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_model_info_is_asked_for_Should_name_the_commit_and_list_every_file()
    {
        var main = await fixture.SyncAsync(_client);

        var info = await GetJsonAsync($"/api/models/{ShippedRepos.Wan}/revision/main");

        info["id"]!.GetValue<string>().ShouldBe(ShippedRepos.Wan);
        info["_id"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        info["sha"]!.GetValue<string>().ShouldBe(main.Sha);
        info["private"]!.GetValue<bool>().ShouldBeFalse();
        info["gated"]!.GetValue<bool>().ShouldBeFalse();
        info["tags"].ShouldBeOfType<JsonArray>();
        info["lastModified"]!.GetValue<string>().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        var siblings = info["siblings"]!.AsArray().Select(s => s!["rfilename"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        siblings.ShouldBe(main.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList());
        info["siblings"]![0]!.AsObject().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/revision/HEAD")]
    [InlineData("/revision/main")]
    public async Task When_the_revision_is_HEAD_main_or_none_Should_mean_the_default_branch(string suffix)
    {
        var main = await fixture.SyncAsync(_client);

        var info = await GetJsonAsync($"/api/models/{ShippedRepos.Wan}{suffix}");

        info["sha"]!.GetValue<string>().ShouldBe(main.Sha);
    }

    [Fact]
    public async Task When_blobs_is_true_Should_add_size_blob_id_and_lfs_to_each_sibling()
    {
        var main = await fixture.SyncAsync(_client);

        var info = await GetJsonAsync($"/api/models/{ShippedRepos.Wan}/revision/main?blobs=true");

        var siblings = info["siblings"]!.AsArray().ToDictionary(s => s!["rfilename"]!.GetValue<string>());
        foreach (var file in main.Files)
        {
            var sibling = siblings[file.Path]!;
            sibling["size"]!.GetValue<long>().ShouldBe(file.Size, file.Path);
            sibling["blobId"]!.GetValue<string>().ShouldBe(file.GitOid, file.Path);
            if (file.IsLfs)
            {
                sibling["lfs"]!["sha256"]!.GetValue<string>().ShouldBe(file.Sha256, file.Path);
                sibling["lfs"]!["size"]!.GetValue<long>().ShouldBe(file.Size, file.Path);
                sibling["lfs"]!["pointerSize"]!.GetValue<int>().ShouldBe(file.PointerSize!.Value, file.Path);
            }
            else
            {
                sibling["lfs"].ShouldBeNull(file.Path);
            }
        }
    }

    [Theory]
    [InlineData("expand=sha&expand=siblings", new[] { "_id", "id", "sha", "siblings" })]
    [InlineData("expand[]=likes", new[] { "_id", "id", "likes" })]
    [InlineData("expand%5B%5D=gated&expand%5B%5D=private", new[] { "_id", "id", "gated", "private" })]
    public async Task When_expand_is_given_in_either_spelling_Should_select_the_fields(string query, string[] fields)
    {
        await fixture.SyncAsync(_client);

        var info = await GetJsonAsync($"/api/models/{ShippedRepos.Wan}/revision/HEAD?{query}");

        info.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(fields.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("refs%2Fpr%2F1")]
    [InlineData("refs/pr/1")]
    public async Task When_a_special_ref_is_asked_for_encoded_or_raw_Should_sync_it_on_demand_and_answer(string revision)
    {
        await fixture.SyncAsync(_client);
        var pr = fixture.Simulator.Catalog[ShippedRepos.Wan].Resolve("refs/pr/1")!;

        var info = await GetJsonAsync($"/api/models/{ShippedRepos.Wan}/revision/{revision}");

        info["sha"]!.GetValue<string>().ShouldBe(pr.Sha);
    }

    [Fact]
    public async Task When_the_revision_is_a_commit_id_Should_answer_that_commit()
    {
        var main = await fixture.SyncAsync(_client);

        var info = await GetJsonAsync($"/api/models/{ShippedRepos.Wan}/revision/{main.Sha}");

        info["sha"]!.GetValue<string>().ShouldBe(main.Sha);
    }

    [Fact]
    public async Task When_the_repository_is_unregistered_Should_answer_RepoNotFound_without_asking_the_upstream()
    {
        var response = await _client.GetAsync($"/api/models/{ShippedRepos.MovingMain}/revision/main");
        await response.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        fixture.Simulator.Catalog.Requests.CountFor(ShippedRepos.MovingMain).ShouldBe(0);
    }

    [Fact]
    public async Task When_the_upstream_does_not_have_the_revision_Should_answer_RevisionNotFound()
    {
        await fixture.SyncAsync(_client);

        var response = await _client.GetAsync($"/api/models/{ShippedRepos.Wan}/revision/no-such-branch");

        await response.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RevisionNotFound");
    }

    [Fact]
    public async Task When_auto_register_is_on_and_the_repository_is_unregistered_Should_register_and_sync_it()
    {
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["PullThrough:AutoRegister"] = "true" });
        using var client = api.CreateClient();

        var info = await (await client.GetAsync($"/api/models/{ShippedRepos.MovingMain}/revision/main")).ReadJsonAsync();

        info["sha"]!.GetValue<string>().ShouldBe(fixture.Simulator.Catalog[ShippedRepos.MovingMain].Main.Sha);
    }

    [Theory]
    [InlineData($"/api/models/{ShippedRepos.Wan}/xet-read-token/main")]
    [InlineData($"/api/datasets/{ShippedRepos.ParquetDataset}/xet-read-token/main")]
    [InlineData("/api/models/gpt2/xet-read-token/main")]
    public async Task When_a_client_asks_for_a_xet_read_token_Should_answer_the_hubs_error_shape(string url)
    {
        var response = await _client.GetAsync(url);

        await response.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "EntryNotFound");
        response.Header("X-Error-Message").ShouldContain("no Xet storage");
    }

    private async Task<JsonNode> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}
