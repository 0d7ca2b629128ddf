using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Faults;

public sealed class AdminApiTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task When_repository_knobs_are_set_over_http_Should_apply_them()
    {
        var put = await sim.Http.PutAsJsonAsync($"_sim/repos/{ShippedRepos.Wan}/faults", new { rateLimited = 1, retryAfterSeconds = 3 });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Catalog[ShippedRepos.Wan].Faults.RateLimited.ShouldBe(1);
        var limited = await sim.GetAsync($"api/models/{ShippedRepos.Wan}");
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.One("Retry-After").ShouldBe("3");
        (await sim.GetAsync($"api/models/{ShippedRepos.Wan}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_file_knobs_are_set_over_http_with_a_path_Should_apply_them_to_that_file()
    {
        var put = await sim.Http.PutAsJsonAsync($"_sim/repos/{ShippedRepos.Gated}/faults?path=config.json", new { serverErrors = 1, latency = "00:00:00.010" });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var knobs = sim.Catalog[ShippedRepos.Gated].FileFaults("config.json");
        knobs.ServerErrors.ShouldBe(1);
        knobs.Latency.ShouldBe(TimeSpan.FromMilliseconds(10));
        (await sim.GetAsync($"{ShippedRepos.Gated}/resolve/main/config.json", token: sim.Host.Options.Token)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await sim.GetAsync($"{ShippedRepos.Gated}/resolve/main/config.json", token: sim.Host.Options.Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_the_request_log_is_read_and_cleared_over_http_Should_count_then_forget_the_requests()
    {
        await sim.GetAsync($"api/models/{ShippedRepos.HostilePaths}");
        await sim.GetAsync($"api/models/{ShippedRepos.HostilePaths}/tree/main");

        var log = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.HostilePaths}");
        log.GetProperty("total").GetInt32().ShouldBe(2);
        log.GetProperty("byKind").GetProperty("tree").GetInt32().ShouldBe(1);
        (await sim.Http.DeleteAsync("_sim/requests")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        sim.Catalog.Requests.CountFor(ShippedRepos.HostilePaths).ShouldBe(0);
    }

    [Fact]
    public async Task When_file_bytes_are_sent_Should_count_them_in_the_request_log()
    {
        var readme = await sim.Http.GetByteArrayAsync($"{ShippedRepos.Herd}/resolve/main/README.md");
        using var resolved = await sim.Http.GetAsync($"{ShippedRepos.Herd}/resolve/main/herd-2.safetensors");
        resolved.StatusCode.ShouldBe(HttpStatusCode.Found);
        using var range = new HttpRequestMessage(HttpMethod.Get, resolved.Headers.Location) { Headers = { Range = new RangeHeaderValue(0, 9) } };
        using var ranged = await sim.Http.SendAsync(range);
        ranged.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        await sim.GetAsync($"api/models/{ShippedRepos.Herd}");

        var log = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.Herd}");

        log.GetProperty("bodyBytes").GetInt64().ShouldBe(readme.Length + 10);
    }

    [Fact]
    public async Task When_the_request_log_is_read_since_a_moment_Should_count_only_the_requests_started_then_or_later()
    {
        await sim.Http.GetByteArrayAsync($"{ShippedRepos.Herd}/resolve/main/README.md");
        var since = DateTimeOffset.UtcNow;
        var readme = await sim.Http.GetByteArrayAsync($"{ShippedRepos.Herd}/resolve/main/README.md");

        var all = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.Herd}");
        var later = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.Herd}&since={Uri.EscapeDataString(since.ToString("O"))}");

        all.GetProperty("bodyBytes").GetInt64().ShouldBe(2L * readme.Length);
        (later.GetProperty("total").GetInt32(), later.GetProperty("bodyBytes").GetInt64()).ShouldBe((1, readme.Length));
    }

    [Fact]
    public async Task When_the_request_log_is_read_with_a_limit_Should_list_as_many_requests_as_asked_and_count_them_all()
    {
        for (var i = 0; i < 3; i++)
        {
            await sim.GetAsync($"api/models/{ShippedRepos.MovingMain}");
        }

        var log = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.MovingMain}&limit=2");

        log.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        log.GetProperty("last").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task When_repositories_are_listed_Should_give_their_refs()
    {
        var repos = await sim.GetJsonAsync("_sim/repos");

        var wan = repos.EnumerateArray().Single(r => r.GetProperty("id").GetString() == ShippedRepos.Wan);
        wan.GetProperty("main").GetString().ShouldBe(sim.Catalog[ShippedRepos.Wan].Main.Sha);
        wan.GetProperty("refs").GetProperty("refs/pr/1").ValueKind.ShouldBe(JsonValueKind.String);
        repos.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldContain(ShippedRepos.ManyFiles);
    }

    [Fact]
    public async Task When_dataset_knobs_are_set_over_http_with_type_dataset_Should_apply_them_to_the_dataset_and_not_the_model()
    {
        const string Shared = ShippedRepos.SharedName;
        var put = await sim.Http.PutAsJsonAsync($"_sim/repos/{Shared}/faults?type=dataset&path=README.md", new { serverErrors = 1 });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Catalog[RepoType.Dataset, Shared].FileFaults("README.md").ServerErrors.ShouldBe(1);
        sim.Catalog[Shared].FileFaults("README.md").ServerErrors.ShouldBe(0);
        (await sim.GetAsync($"datasets/{Shared}/resolve/main/README.md")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await sim.Http.PutAsJsonAsync($"_sim/repos/{Shared}/faults?type=notebook", new { serverErrors = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task When_a_repository_without_a_namespace_is_addressed_Should_be_found()
    {
        var put = await sim.Http.PutAsJsonAsync($"_sim/repos/{ShippedRepos.NoNamespaceDataset}/faults?type=dataset", new { rateLimited = 1 });
        var advance = await sim.Http.PostAsync($"_sim/repos/{ShippedRepos.NoNamespaceModel}/advance", null);

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        sim.Catalog[RepoType.Dataset, ShippedRepos.NoNamespaceDataset].Faults.RateLimited.ShouldBe(1);
        (await advance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha").GetString().ShouldBe(sim.Catalog[ShippedRepos.NoNamespaceModel].Main.Sha);
    }

    [Fact]
    public async Task When_repositories_are_listed_Should_give_their_type()
    {
        var repos = (await sim.GetJsonAsync("_sim/repos")).EnumerateArray().ToList();

        repos.Where(r => r.GetProperty("id").GetString() == ShippedRepos.SharedName).Select(r => r.GetProperty("type").GetString())
            .ShouldBe(["model", "dataset"]);
        repos.Single(r => r.GetProperty("id").GetString() == ShippedRepos.ImageFolderDataset).GetProperty("files").GetInt32()
            .ShouldBe(sim.Host.Options.ImageFolderFileCount + 3);
    }

    [Fact]
    public async Task When_the_request_log_is_read_for_a_dataset_Should_count_only_its_requests()
    {
        await sim.GetAsync($"api/datasets/{ShippedRepos.SharedName}");
        await sim.GetAsync($"api/models/{ShippedRepos.SharedName}/tree/main");

        var datasets = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.SharedName}&type=dataset");
        var models = await sim.GetJsonAsync($"_sim/requests?repo={ShippedRepos.SharedName}");

        datasets.GetProperty("byKind").GetProperty("dataset-info").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        datasets.GetProperty("byKind").TryGetProperty("tree", out _).ShouldBeFalse();
        datasets.GetProperty("last").EnumerateArray().ShouldAllBe(r => r.GetProperty("repoType").GetString() == "dataset");
        models.GetProperty("byKind").GetProperty("tree").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        models.GetProperty("byKind").TryGetProperty("dataset-info", out _).ShouldBeFalse();
    }
}
