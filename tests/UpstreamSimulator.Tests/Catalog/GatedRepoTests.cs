using System.Net;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Catalog;

public sealed class GatedRepoTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Gated = ShippedRepos.Gated;

    [Fact]
    public async Task When_a_gated_file_is_downloaded_Should_need_the_token_401_without_403_with_a_wrong_one()
    {
        var anonymous = await sim.GetAsync($"{Gated}/resolve/main/config.json");
        var wrong = await sim.GetAsync($"{Gated}/resolve/main/config.json", token: "hf_not_the_token");
        var right = await sim.GetAsync($"{Gated}/resolve/main/config.json", token: sim.Host.Options.Token);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.One("X-Error-Code").ShouldBe("GatedRepo");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        wrong.One("X-Error-Code").ShouldBe("GatedRepo");
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("\"error\"");
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        right.One("X-Repo-Commit").ShouldBe(sim.Catalog[Gated].Main.Sha);
    }

    [Fact]
    public async Task When_a_gated_file_is_asked_for_with_HEAD_Should_carry_the_code_in_headers()
    {
        var response = await sim.HeadAsync($"{Gated}/resolve/main/model.safetensors");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.One("X-Error-Code").ShouldBe("GatedRepo");
        response.One("X-Error-Message")!.ShouldContain(Gated);
    }

    [Fact]
    public async Task When_a_gated_repository_is_described_Should_stay_readable_and_say_gated()
    {
        var info = await sim.GetJsonAsync($"api/models/{Gated}/revision/main");
        var tree = await sim.Http.GetAsync($"api/models/{Gated}/tree/main");

        info.GetProperty("gated").GetString().ShouldBe("manual");
        tree.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_a_private_repository_is_asked_for_without_the_token_Should_not_be_found()
    {
        var repo = sim.Catalog.AddRepo("sim/private-model", b => b.Text("README.md", "secret\n"));
        repo.Private = true;

        var anonymous = await sim.GetAsync("api/models/sim/private-model");
        var member = await sim.GetAsync("api/models/sim/private-model", token: sim.Host.Options.Token);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.One("X-Error-Code").ShouldBe("RepoNotFound");
        member.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
