using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Repositories;

namespace ModelHub.IntegrationTests.Repositories;

[Collection(ApiCollection.Name)]
public sealed class ListModelsTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_repositories_are_listed_page_by_page_Should_give_each_once_in_order()
    {
        string[] ids = ["org/e", "org/a", "org/g", "beta/x", "org/c", "alpha/y", "org/b"];
        foreach (var id in ids)
        {
            (await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = id })).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = "/v1/hub/models?limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await _client.GetAsync(url)).ReadJsonAsync();
            var items = page["items"]!.AsArray();
            items.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(items.Select(i => i!["repo_id"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null && pages < 10);

        pages.ShouldBe(3);
        seen.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task When_a_repository_is_registered_between_pages_Should_not_shift_the_next_page()
    {
        foreach (var id in new[] { "org/a", "org/b", "org/c", "org/d" })
        {
            await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = id });
        }

        var first = await (await _client.GetAsync("/v1/hub/models?limit=2")).ReadJsonAsync();
        await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/0-first" });
        var cursor = Uri.EscapeDataString(first["next_cursor"]!.GetValue<string>());
        var second = await (await _client.GetAsync($"/v1/hub/models?limit=2&cursor={cursor}")).ReadJsonAsync();

        RepoIds(second).ShouldBe(["org/c", "org/d"]);
    }

    [Fact]
    public async Task When_status_and_search_filters_are_given_Should_narrow_the_list()
    {
        foreach (var id in new[] { "Wan-AI/Wan2.1-T2V-1.3B", "Wan-AI/Wan2.1-I2V-14B", "google/gemma-2b", "org/50%_off" })
        {
            await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = id });
        }

        await fixture.WithDbAsync(db => db.Repositories
            .Where(r => r.RepoId == "google/gemma-2b")
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ModelRepositoryStatus.Synced)));

        RepoIds(await Get("/v1/hub/models?status=synced")).ShouldBe(["google/gemma-2b"]);
        RepoIds(await Get("/v1/hub/models?q=wan2.1")).ShouldBe(["Wan-AI/Wan2.1-I2V-14B", "Wan-AI/Wan2.1-T2V-1.3B"]);
        RepoIds(await Get("/v1/hub/models?q=t2v&status=registered")).ShouldBe(["Wan-AI/Wan2.1-T2V-1.3B"]);
        RepoIds(await Get("/v1/hub/models?q=%25")).ShouldBe([]);
        RepoIds(await Get("/v1/hub/models?q=_")).ShouldBe([]);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    [InlineData("cursor=Zm9v", "cursor")]
    [InlineData("status=deleted", "status")]
    [InlineData("q=a%00b", "q")]
    [InlineData("q=%0A", "q")]
    public async Task When_the_query_is_invalid_Should_answer_400_naming_the_parameter(string query, string parameter)
    {
        var response = await _client.GetAsync($"/v1/hub/models?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![parameter].ShouldNotBeNull();
    }

    [Fact]
    public async Task When_the_limit_is_not_a_number_Should_answer_400()
    {
        var response = await _client.GetAsync("/v1/hub/models?limit=ten");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<JsonNode> Get(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static List<string> RepoIds(JsonNode page) =>
        page["items"]!.AsArray().Select(i => i!["repo_id"]!.GetValue<string>()).ToList();
}
