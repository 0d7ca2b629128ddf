using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Catalog;

public sealed class MovingMainTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Moving = ShippedRepos.MovingMain;

    [Fact]
    public async Task When_the_repository_advances_Should_move_main_and_keep_the_old_commit_resolvable()
    {
        var repo = sim.Catalog[Moving];
        var before = repo.Main;

        var after = repo.Advance();

        after.Sha.ShouldNotBe(before.Sha);
        after.ParentSha.ShouldBe(before.Sha);
        (await sim.GetJsonAsync($"api/models/{Moving}/revision/main")).GetProperty("sha").GetString().ShouldBe(after.Sha);
        (await sim.GetJsonAsync($"api/models/{Moving}/revision/{before.Sha}")).GetProperty("sha").GetString().ShouldBe(before.Sha);
        var old = await sim.GetAsync($"{Moving}/resolve/{before.Sha}/config.json");
        old.One("X-Repo-Commit").ShouldBe(before.Sha);
        (await old.Content.ReadAsStringAsync()).ShouldBe(Encoding.UTF8.GetString(before.File("config.json").ReadAllBytes()));
    }

    [Fact]
    public async Task When_a_new_commit_is_made_Should_change_some_files_and_keep_the_others()
    {
        var repo = sim.Catalog[Moving];
        var before = repo.Main;

        var after = repo.Advance();

        after.File("README.md").GitOid.ShouldBe(before.File("README.md").GitOid);
        after.File("README.md").LastCommit.ShouldBe(before.File("README.md").LastCommit);
        after.File("config.json").GitOid.ShouldNotBe(before.File("config.json").GitOid);
        after.File("model.safetensors").Sha256.ShouldNotBe(before.File("model.safetensors").Sha256);
        after.File("model.safetensors").LastCommit.Sha.ShouldBe(after.Sha);
        after.Files.Count.ShouldBe(before.Files.Count + 1);
    }

    [Fact]
    public async Task When_the_admin_endpoint_is_called_Should_advance_main_too()
    {
        var before = sim.Catalog[Moving].Main.Sha;

        var response = await sim.Http.PostAsync($"_sim/repos/{Moving}/advance", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("previous").GetString().ShouldBe(before);
        body.GetProperty("sha").GetString().ShouldBe(sim.Catalog[Moving].Main.Sha);
        body.GetProperty("sha").GetString().ShouldNotBe(before);
    }

    [Fact]
    public async Task When_main_moves_during_tree_paging_Should_stay_on_the_commit_it_started_on()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { TreePageSize = 3 });
        using var http = host.CreateClient();
        var first = await http.GetAsync($"api/models/{Moving}/tree/main?recursive=true");
        var next = first.Headers.GetValues("Link").Single()[1..^13];
        var startedOn = host.Catalog[Moving].Main;

        host.Catalog[Moving].Advance();
        var second = await http.GetFromJsonAsync<JsonElement[]>(next);

        var paths = (await first.Content.ReadFromJsonAsync<JsonElement[]>())!.Concat(second!).Select(e => e.GetProperty("path").GetString());
        paths.ShouldBe(startedOn.Tree.All.Take(6).Select(n => n.Path));
    }
}
