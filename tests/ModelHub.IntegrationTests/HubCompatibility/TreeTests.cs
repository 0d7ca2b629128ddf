using System.Text.Json.Nodes;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary><c>GET /api/models/{id}/tree/{rev}[/{path}]</c> and <c>POST …/paths-info/{rev}</c> (huggingface-hub-api.md §1.2, §1.3, §6, §9 rows 2–3).</summary>
[Collection(ServeCollection.Name)]
public sealed class TreeTests(ServeFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_tree_is_listed_recursively_Should_page_with_absolute_links_and_match_the_upstream_tree()
    {
        await fixture.SyncAsync(_client);

        var (entries, pages) = await ListAllAsync(_client, $"/api/models/{ShippedRepos.Wan}/tree/main?recursive=true&expand=false");

        pages.ShouldBeGreaterThan(1);
        entries.Count.ShouldBeGreaterThan(ServeFixture.TreePageSize);
        using var upstream = fixture.Simulator.CreateClient();
        var (expected, _) = await ListAllAsync(upstream, $"/api/models/{ShippedRepos.Wan}/tree/main?recursive=true");
        entries.Select(Describe).Order(StringComparer.Ordinal).ShouldBe(expected.Select(Describe).Order(StringComparer.Ordinal));
        entries.ShouldAllBe(e => e["xetHash"] == null && e["lastCommit"] == null && e["oid"]!.GetValue<string>().Length == 40);
    }

    [Fact]
    public async Task When_a_folder_is_fully_encoded_Should_list_its_own_entries_only()
    {
        await fixture.SyncAsync(_client);

        var entries = await GetArrayAsync($"/api/models/{ShippedRepos.Wan}/tree/main/google%2Fumt5-xxl");

        entries.Select(e => e!["path"]!.GetValue<string>()).ShouldAllBe(p => p.StartsWith("google/umt5-xxl/", StringComparison.Ordinal) && p.Count(c => c == '/') == 2);
        entries.Count.ShouldBe(fixture.Simulator.Catalog[ShippedRepos.Wan].Main.Files.Count(f => f.Path.StartsWith("google/umt5-xxl/", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("refs/pr/1")]
    [InlineData("refs%2Fpr%2F1")]
    public async Task When_a_special_ref_is_given_raw_or_encoded_Should_list_that_commit(string revision)
    {
        await fixture.SyncAsync(_client);
        var pr = fixture.Simulator.Catalog[ShippedRepos.Wan].Resolve("refs/pr/1")!;

        var (entries, _) = await ListAllAsync(_client, $"/api/models/{ShippedRepos.Wan}/tree/{revision}?recursive=1");

        var config = entries.Single(e => e["path"]!.GetValue<string>() == "config.json");
        config["oid"]!.GetValue<string>().ShouldBe(pr.File("config.json").GitOid);
    }

    [Fact]
    public async Task When_expand_is_true_Should_add_last_commit_and_page_by_fewer()
    {
        var main = await fixture.SyncAsync(_client);

        var response = await _client.GetAsync($"/api/models/{ShippedRepos.Wan}/tree/main?recursive=true&expand=true");

        var page = (await response.ReadJsonAsync()).AsArray();
        page.Count.ShouldBe(5);
        response.Headers.GetValues("Link").Single().ShouldContain("expand=true");
        page.ShouldAllBe(e => e!["lastCommit"]!["id"]!.GetValue<string>() == main.Sha
            && e["lastCommit"]!["title"] != null && e["lastCommit"]!["date"] != null);
    }

    [Fact]
    public async Task When_the_folder_is_missing_Should_answer_EntryNotFound_with_the_commit()
    {
        var main = await fixture.SyncAsync(_client);

        var response = await _client.GetAsync($"/api/models/{ShippedRepos.Wan}/tree/main/no-such-folder");

        await response.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "EntryNotFound");
        response.Header("X-Repo-Commit").ShouldBe(main.Sha);
    }

    [Fact]
    public async Task When_paths_info_gets_a_JSON_body_Should_answer_its_paths_and_leave_out_missing_ones()
    {
        var main = await fixture.SyncAsync(_client);
        var tokenizer = main.File("google/umt5-xxl/tokenizer.json");

        var response = await _client.PostAsJsonAsync($"/api/models/{ShippedRepos.Wan}/paths-info/HEAD",
            new { paths = new[] { tokenizer.Path, "google", "missing.bin" }, expand = true });

        var entries = (await response.ReadJsonAsync()).AsArray();
        entries.Select(e => e!["path"]!.GetValue<string>()).ShouldBe(["google", tokenizer.Path]);
        var file = entries.Single(e => e!["type"]!.GetValue<string>() == "file")!;
        file["lfs"]!["oid"]!.GetValue<string>().ShouldBe(tokenizer.Sha256);
        file["lfs"]!["pointerSize"]!.GetValue<int>().ShouldBe(tokenizer.PointerSize!.Value);
        file["oid"]!.GetValue<string>().ShouldBe(tokenizer.GitOid);
        file["size"]!.GetValue<long>().ShouldBe(tokenizer.Size);
        file["lastCommit"]!["id"]!.GetValue<string>().ShouldBe(main.Sha);
        entries.Single(e => e!["type"]!.GetValue<string>() == "directory")!["oid"]!.GetValue<string>().Length.ShouldBe(40);
    }

    [Fact]
    public async Task When_paths_info_gets_a_form_body_Should_answer_its_paths()
    {
        var main = await fixture.SyncAsync(_client);

        var response = await _client.PostAsync($"/api/models/{ShippedRepos.Wan}/paths-info/{main.Sha}", new FormUrlEncodedContent(
            [new("paths", "config.json"), new("paths", "README.md"), new("expand", "false")]));

        var entries = (await response.ReadJsonAsync()).AsArray();
        entries.Select(e => e!["path"]!.GetValue<string>()).ShouldBe(["README.md", "config.json"]);
        entries.ShouldAllBe(e => e!["lastCommit"] == null && e["lfs"] == null && e["xetHash"] == null);
        entries.Single(e => e!["path"]!.GetValue<string>() == "config.json")!["oid"]!.GetValue<string>().ShouldBe(main.File("config.json").GitOid);
    }

    [Fact]
    public async Task When_paths_info_gets_paths_with_NUL_or_dot_dot_Should_leave_them_out_instead_of_failing()
    {
        await fixture.SyncAsync(_client);

        var json = await _client.PostAsJsonAsync($"/api/models/{ShippedRepos.Wan}/paths-info/main",
            new { paths = new[] { "config.json", "a\0b", "../config.json", "google/\0" } });
        var form = await _client.PostAsync($"/api/models/{ShippedRepos.Wan}/paths-info/main", new FormUrlEncodedContent(
            [new("paths", "config.json"), new("paths", "google/../config.json")]));

        foreach (var response in new[] { json, form })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            (await response.ReadJsonAsync()).AsArray().Select(e => e!["path"]!.GetValue<string>()).ShouldBe(["config.json"]);
        }
    }

    [Fact]
    public async Task When_paths_info_gets_a_form_the_reader_refuses_or_too_many_paths_Should_answer_400_in_the_hub_shape()
    {
        await fixture.SyncAsync(_client);
        var url = $"/api/models/{ShippedRepos.Wan}/paths-info/main";

        var tooManyValues = await _client.PostAsync(url, new FormUrlEncodedContent(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create("paths", $"f{i}"))));
        var nul = await _client.PostAsync(url, new FormUrlEncodedContent([new("paths", "x\0")]));
        var tooManyPaths = await _client.PostAsJsonAsync(url, new { paths = Enumerable.Range(0, 1001).Select(i => $"f{i}") });

        await tooManyValues.ShouldBeHubErrorAsync(HttpStatusCode.BadRequest, null);
        await nul.ShouldBeHubErrorAsync(HttpStatusCode.BadRequest, null);
        await tooManyPaths.ShouldBeHubErrorAsync(HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task When_paths_info_gets_a_lone_surrogate_in_a_JSON_path_Should_answer_400_in_the_hub_shape()
    {
        await fixture.SyncAsync(_client);

        var response = await _client.PostRawJsonAsync($"/api/models/{ShippedRepos.Wan}/paths-info/main", "{\"paths\": [\"\\udfff\\ud800\"]}");

        await response.ShouldBeHubErrorAsync(HttpStatusCode.BadRequest, null);
    }

    private static string Describe(JsonNode entry) =>
        $"{entry["type"]} {entry["path"]} {entry["oid"]} {(entry["type"]!.GetValue<string>() == "file" ? entry["size"] : 0)} "
        + $"{entry["lfs"]?["oid"]} {entry["lfs"]?["size"]} {entry["lfs"]?["pointerSize"]}";

    private async Task<JsonArray> GetArrayAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).AsArray();
    }

    /// <summary>Follows <c>Link: rel="next"</c> as the clients do: absolute, on the server that answered.</summary>
    private static async Task<(List<JsonNode> Entries, int Pages)> ListAllAsync(HttpClient client, string url)
    {
        var entries = new List<JsonNode>();
        var pages = 0;
        for (Uri? next = new(client.BaseAddress!, url); next is not null; pages++)
        {
            var response = await client.GetAsync(next);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            entries.AddRange((await response.ReadJsonAsync()).AsArray().Select(e => e!));
            next = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = links.Single();
                link.ShouldMatch("^<https?://[^>]+>; rel=\"next\"$");
                next = new Uri(link[1..link.IndexOf('>', StringComparison.Ordinal)]);
                next.Authority.ShouldBe(client.BaseAddress!.Authority);
            }
        }

        return (entries, pages);
    }
}
