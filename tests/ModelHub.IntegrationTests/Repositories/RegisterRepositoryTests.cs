using Microsoft.EntityFrameworkCore;

namespace ModelHub.IntegrationTests.Repositories;

[Collection(ApiCollection.Name)]
public sealed class RegisterRepositoryTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_new_repository_is_registered_Should_create_it_with_a_location()
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "Wan-AI/Wan2.1-T2V-1.3B" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/v1/hub/models/Wan-AI/Wan2.1-T2V-1.3B");
        var repo = await response.ReadJsonAsync();
        repo["repo_id"]!.GetValue<string>().ShouldBe("Wan-AI/Wan2.1-T2V-1.3B");
        repo["repo_type"]!.GetValue<string>().ShouldBe("model");
        repo["status"]!.GetValue<string>().ShouldBe("registered");
        repo["default_revision"]!.GetValue<string>().ShouldBe("main");
        repo["last_synced_commit"].ShouldBeNull();
        repo["artifacts"]!["files"]!.GetValue<int>().ShouldBe(0);

        var stored = await fixture.WithDbAsync(db => db.Repositories.SingleAsync());
        stored.RepoId.ShouldBe("Wan-AI/Wan2.1-T2V-1.3B");
        repo["id"]!.GetValue<Guid>().ShouldBe(stored.Id);
        var read = await (await _client.GetAsync(response.Headers.Location)).ReadJsonAsync();
        read["created_at"]!.GetValue<string>().ShouldBe(repo["created_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_same_repository_is_registered_again_Should_return_it_unchanged()
    {
        var first = await (await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model", revision = "v1.0" })).ReadJsonAsync();

        var again = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model", revision = "v1.0" });

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var repo = await again.ReadJsonAsync();
        repo["id"]!.GetValue<Guid>().ShouldBe(first["id"]!.GetValue<Guid>());
        repo["default_revision"]!.GetValue<string>().ShouldBe("v1.0");
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task When_registered_again_with_another_revision_Should_be_a_conflict_that_changes_nothing()
    {
        await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model" });

        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model", revision = "dev" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldContain("'main'");
        (await fixture.WithDbAsync(db => db.Repositories.SingleAsync())).DefaultRevision.ShouldBe("main");
    }

    [Fact]
    public async Task When_one_repository_is_registered_concurrently_Should_create_one_row()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/raced" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(11);
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(1);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("a/b/c", "at most one '/'")]
    [InlineData("/name", "at most one '/'")]
    [InlineData("org/", "at most one '/'")]
    [InlineData("org/na me", "only ASCII letters")]
    [InlineData("org/naïve", "only ASCII letters")]
    [InlineData("org/../etc", "at most one '/'")]
    [InlineData("org/..", "'--' or '..'")]
    [InlineData("org/a..b", "'--' or '..'")]
    [InlineData("org/a--b", "'--' or '..'")]
    [InlineData("org/-name", "start and end")]
    [InlineData("org/name.", "start and end")]
    [InlineData("org/name.git", "'.git'")]
    [InlineData("org/a%2Fb", "only ASCII letters")]
    [InlineData("org\\name", "only ASCII letters")]
    public async Task When_the_repository_id_is_invalid_Should_refuse_it_with_the_rule_it_breaks(string? repoId, string rule)
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = repoId });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["repo_id"]![0]!.GetValue<string>().ShouldContain(rule);
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task When_a_repository_id_part_is_longer_than_96_characters_Should_refuse_it()
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/" + new string('a', 97) });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["repo_id"]![0]!.GetValue<string>().ShouldContain("at most 96");
    }

    [Theory]
    [InlineData("refs/pr/1")]
    [InlineData("v1.0")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public async Task When_the_revision_is_a_branch_tag_commit_or_special_ref_Should_accept_it(string revision)
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model", revision });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../main")]
    [InlineData("main branch")]
    [InlineData("/main")]
    [InlineData("main\u0000")]
    public async Task When_the_revision_is_invalid_Should_refuse_it(string revision)
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model", revision });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["revision"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("space", "Spaces are applications, not files to mirror: repo_type must be one of: model, dataset.")]
    [InlineData("Model", "repo_type must be one of: model, dataset.")]
    [InlineData("models", "repo_type must be one of: model, dataset.")]
    public async Task When_the_repository_type_is_not_mirrored_Should_refuse_it_naming_the_types_that_are(string repoType, string rule)
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/data", repo_type = repoType });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["repo_type"]![0]!.GetValue<string>().ShouldBe(rule);
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"repo_id\": ")]
    [InlineData("not json")]
    [InlineData("{\"repo_id\": 42}")]
    [InlineData("{\"repo_id\": \"org/model\", \"unknown\": true}")]
    [InlineData("[]")]
    public async Task When_the_body_cannot_be_read_Should_answer_400_saying_why(string body)
    {
        var response = await _client.PostRawJsonAsync("/v1/hub/register", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["title"]!.GetValue<string>().ShouldBe("The request could not be read.");
        problem["detail"]!.GetValue<string>().ShouldStartWith("The body is not valid JSON for this endpoint: ");
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);
    }
}
