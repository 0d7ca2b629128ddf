using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ModelHub.IntegrationTests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class HostingTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task When_readiness_is_asked_Should_report_postgres_rabbitmq_and_redis_healthy()
    {
        var response = await _client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.ReadJsonAsync();
        report["status"]!.GetValue<string>().ShouldBe("Healthy");
        var checks = report["checks"]!.AsObject();
        checks["postgres"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        checks["redis"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        checks["broker-consumers"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        checks.Select(c => c.Key).ShouldContain(k => k.StartsWith("masstransit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_liveness_is_asked_Should_answer_without_checking_dependencies()
    {
        var response = await _client.GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checks = (await response.ReadJsonAsync())["checks"]!.AsObject();
        checks.Select(c => c.Key).ShouldBe(["self"]);
    }

    [Fact]
    public async Task When_the_OpenAPI_document_is_read_Should_describe_the_registry_API()
    {
        var document = await (await _client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/v1/hub/register");
        paths.ShouldContain("/v1/hub/{collection}");
        paths.ShouldContain("/v1/hub/{collection}/{org}/{name}");
        // One route serves models and datasets: the document says which collections it takes.
        var collection = document["paths"]!["/v1/hub/{collection}/{org}/{name}"]!["get"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "collection")!;
        collection["schema"]!["pattern"]!.GetValue<string>().ShouldBe("^(models|datasets)$");
    }

    [Fact]
    public async Task When_the_Api_starts_Should_use_the_fixtures_own_database_whose_schema_matches_the_model()
    {
        await fixture.WithDbAsync(async db =>
        {
            new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Database.ShouldBe(fixture.DatabaseName);
            db.Database.HasPendingModelChanges().ShouldBeFalse("the model changed without a migration: run dotnet ef migrations add");
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
            return 0;
        });
    }

    [Fact]
    public async Task When_the_schema_is_read_Should_name_tables_and_columns_in_snake_case()
    {
        var columns = await fixture.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT table_name || '.' || column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = 'public'")
            .ToListAsync());

        columns.ShouldContain("model_repo.repo_id");
        columns.ShouldContain("model_repo.last_synced_commit");
        columns.ShouldContain("model_artifact.lfs_sha256");
        columns.ShouldContain("model_artifact.git_blob_oid");
        columns.ShouldContain("job.payload");
        columns.ShouldContain("model_artifact.repository_id");
        columns.ShouldContain("model_revision.repository_id");
        columns.ShouldContain("job.repository_id");
        columns.ShouldAllBe(c => c == c.ToLowerInvariant());
    }
}
