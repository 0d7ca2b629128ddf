using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence.Repositories;
using Npgsql;

namespace ModelHub.IntegrationTests.Repositories;

/// <summary>A repository is named by its type and its id, in the database itself.</summary>
[Collection(ApiCollection.Name)]
public sealed class RepositoryKeyTests(ApiFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_model_and_a_dataset_share_an_id_Should_keep_two_repositories_found_apart()
    {
        var model = NewRepository(RepoType.Model, "org/shared");
        var dataset = NewRepository(RepoType.Dataset, "org/shared");

        await fixture.WithDbAsync(db =>
        {
            db.Repositories.AddRange(model, dataset);
            return db.SaveChangesAsync();
        });

        (await fixture.WithDbAsync(db => db.Repositories.Named(RepoType.Model, "org/shared").Select(r => r.Id).SingleAsync())).ShouldBe(model.Id);
        (await fixture.WithDbAsync(db => db.Repositories.Named(RepoType.Dataset, "org/shared").Select(r => r.Id).SingleAsync())).ShouldBe(dataset.Id);
        (await fixture.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT repo_type AS \"Value\" FROM model_repo ORDER BY repo_type").ToListAsync()))
            .ShouldBe(["dataset", "model"]);
    }

    [Fact]
    public async Task When_the_same_type_and_id_are_added_twice_Should_refuse_the_second()
    {
        await fixture.WithDbAsync(db =>
        {
            db.Repositories.Add(NewRepository(RepoType.Dataset, "org/twice"));
            return db.SaveChangesAsync();
        });

        var error = await Should.ThrowAsync<DbUpdateException>(fixture.WithDbAsync(db =>
        {
            db.Repositories.Add(NewRepository(RepoType.Dataset, "org/twice"));
            return db.SaveChangesAsync();
        }));

        error.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
    }

    [Fact]
    public async Task When_a_row_names_a_type_that_is_not_mirrored_Should_be_refused_by_the_table()
    {
        var error = await Should.ThrowAsync<PostgresException>(fixture.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO model_repo (id, repo_id, repo_type, status, default_revision, pinned, created_at, updated_at) "
            + "VALUES (gen_random_uuid(), 'org/app', 'space', 'registered', 'main', false, now(), now())")));

        error.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
    }

    private static ModelRepository NewRepository(RepoType type, string repoId) => new()
    {
        Id = Guid.CreateVersion7(),
        RepoId = repoId,
        RepoType = type,
        Status = ModelRepositoryStatus.Registered,
        DefaultRevision = "main",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
