using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Artifacts;

namespace ModelHub.IntegrationTests.Repositories;

[Collection(ApiCollection.Name)]
public sealed class GetModelTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Commit = "39d5a2f0c1b2e3d4f5a6b7c8d9e0f1a2b3c4d583";
    private const string OlderCommit = "0000000000000000000000000000000000000001";

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_repository_is_read_Should_show_the_counts_and_sizes_of_its_last_synced_commit()
    {
        await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model" });
        await fixture.WithDbAsync(async db =>
        {
            var repo = await db.Repositories.SingleAsync();
            repo.LastSyncedCommit = Commit;
            var now = DateTimeOffset.UtcNow;
            db.Artifacts.AddRange(
                Artifact(repo.Id, Commit, "config.json", 100, ArtifactStatus.Completed, now),
                Artifact(repo.Id, Commit, "model.safetensors", 5_000, ArtifactStatus.NotDownloaded, now),
                Artifact(repo.Id, Commit, "sub/tokenizer.json", 300, ArtifactStatus.Completed, now),
                Artifact(repo.Id, OlderCommit, "config.json", 90, ArtifactStatus.Completed, now));
            return await db.SaveChangesAsync();
        });

        var response = await _client.GetAsync("/v1/hub/models/org/model");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var repoJson = await response.ReadJsonAsync();
        repoJson["last_synced_commit"]!.GetValue<string>().ShouldBe(Commit);
        var artifacts = repoJson["artifacts"]!;
        artifacts["files"]!.GetValue<int>().ShouldBe(3);
        artifacts["total_bytes"]!.GetValue<long>().ShouldBe(5_400);
        artifacts["stored_files"]!.GetValue<int>().ShouldBe(2);
        artifacts["stored_bytes"]!.GetValue<long>().ShouldBe(400);
        artifacts["by_status"]!["completed"]!.GetValue<int>().ShouldBe(2);
        artifacts["by_status"]!["not_downloaded"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task When_the_repository_is_unknown_Should_answer_a_404_problem()
    {
        var response = await _client.GetAsync("/v1/hub/models/nobody/nothing");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem["detail"]!.GetValue<string>().ShouldContain("nobody/nothing");
    }

    [Fact]
    public async Task When_the_route_is_unknown_Should_answer_a_404_problem_too()
    {
        var response = await _client.GetAsync("/v1/hub/nothing-here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task When_the_same_file_is_saved_twice_at_one_commit_Should_be_refused_by_the_schema()
    {
        await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/model" });

        var save = fixture.WithDbAsync(async db =>
        {
            var repo = await db.Repositories.SingleAsync();
            var now = DateTimeOffset.UtcNow;
            db.Artifacts.AddRange(
                Artifact(repo.Id, Commit, "config.json", 1, ArtifactStatus.NotDownloaded, now),
                Artifact(repo.Id, Commit, "config.json", 1, ArtifactStatus.NotDownloaded, now));
            return await db.SaveChangesAsync();
        });

        await Should.ThrowAsync<DbUpdateException>(save);
    }

    private static ModelArtifact Artifact(Guid repositoryId, string commit, string path, long size, ArtifactStatus status, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            RepositoryId = repositoryId,
            Commit = commit,
            Path = path,
            Size = size,
            Status = status,
            CreatedAt = now,
            UpdatedAt = now,
        };
}
