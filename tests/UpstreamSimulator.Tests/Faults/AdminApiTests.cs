using System.Net;
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
}
