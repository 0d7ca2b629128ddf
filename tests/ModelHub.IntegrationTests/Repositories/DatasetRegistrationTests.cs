using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Sync;

namespace ModelHub.IntegrationTests.Repositories;

/// <summary>Datasets through the management API: registered, listed, read, pinned and synced apart from models.</summary>
[Collection(ApiCollection.Name)]
public sealed class DatasetRegistrationTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_dataset_is_registered_Should_be_created_at_its_dataset_address()
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/corpus", repo_type = "dataset" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/v1/hub/datasets/org/corpus");
        var read = await (await _client.GetAsync(response.Headers.Location)).ReadJsonAsync();
        read["repo_type"]!.GetValue<string>().ShouldBe("dataset");
        read["repo_id"]!.GetValue<string>().ShouldBe("org/corpus");
        (await _client.GetAsync("/v1/hub/models/org/corpus")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task When_a_model_and_a_dataset_share_an_id_Should_list_read_and_pin_them_apart()
    {
        var model = await (await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/shared" })).ReadJsonAsync();
        var dataset = await (await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/shared", repo_type = "dataset" })).ReadJsonAsync();

        var models = await (await _client.GetAsync("/v1/hub/models")).ReadJsonAsync();
        var datasets = await (await _client.GetAsync("/v1/hub/datasets")).ReadJsonAsync();
        (await _client.PostAsync("/v1/hub/datasets/org/shared/pin", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        dataset["id"]!.GetValue<Guid>().ShouldNotBe(model["id"]!.GetValue<Guid>());
        models["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ShouldBe([model["id"]!.GetValue<Guid>()]);
        datasets["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ShouldBe([dataset["id"]!.GetValue<Guid>()]);
        var pinned = await fixture.WithDbAsync(db => db.Repositories.AsNoTracking().ToDictionaryAsync(r => r.RepoType, r => r.Pinned));
        pinned.ShouldBe(new Dictionary<RepoType, bool> { [RepoType.Model] = false, [RepoType.Dataset] = true });
    }

    [Fact]
    public async Task When_a_dataset_is_synced_Should_send_a_dataset_command_and_list_its_job_by_type()
    {
        var seen = new TaskCompletionSource<SyncRepository>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.SyncService.Behaviour = async context =>
        {
            seen.TrySetResult(context.Message);
            await FakeSyncService.CompleteAtOnce(context);
        };

        var accepted = await (await _client.PostAsJsonAsync("/v1/hub/sync", new { repo_id = "org/corpus", repo_type = "dataset" })).ReadJsonAsync();
        await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "org/corpus" });
        var command = await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));

        accepted["repo_type"]!.GetValue<string>().ShouldBe("dataset");
        (command.RepoId, command.RepoType).ShouldBe(("org/corpus", "dataset"));
        var datasetJobs = await (await _client.GetAsync("/v1/hub/jobs?repo_type=dataset")).ReadJsonAsync();
        var modelJobs = await (await _client.GetAsync("/v1/hub/jobs?repo_id=org/corpus&repo_type=model")).ReadJsonAsync();
        datasetJobs["items"]!.AsArray().Select(j => j!["id"]!.GetValue<Guid>()).ShouldBe([accepted["id"]!.GetValue<Guid>()]);
        modelJobs["items"]!.AsArray().ShouldBeEmpty();
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(2);
    }

    [Fact]
    public async Task When_a_job_listing_names_an_unknown_type_Should_be_a_problem_naming_the_types()
    {
        var problem = await (await _client.GetAsync("/v1/hub/jobs?repo_type=space")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["repo_type"]![0]!.GetValue<string>().ShouldEndWith("repo_type must be one of: model, dataset.");
    }

    [Fact]
    public async Task When_a_collection_is_not_models_or_datasets_Should_not_be_found()
    {
        (await _client.GetAsync("/v1/hub/spaces")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _client.GetAsync("/v1/hub/spaces/org/app")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
