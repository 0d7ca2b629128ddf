using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Catalog;

public sealed class HostilePathsTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task When_the_tree_is_listed_Should_give_every_hostile_path_as_is()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{ShippedRepos.HostilePaths}/tree/main?recursive=true");
        var files = entries!.Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()).ToList();

        files.ShouldBe([.. ShippedRepos.HostilePathList, "README.md", "config.json", "ok/fine.txt"], ignoreOrder: true);
        files.ShouldContain("nul\0byte.txt");
        files.ShouldContain("a\\b");
    }

    [Fact]
    public async Task When_model_info_is_asked_for_Should_list_the_hostile_paths_as_siblings_too()
    {
        var info = await sim.GetJsonAsync($"api/models/{ShippedRepos.HostilePaths}/revision/main");

        info.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString())
            .ShouldContain("../x");
    }

    [Fact]
    public async Task When_a_hostile_path_is_escaped_Should_still_resolve_to_its_bytes()
    {
        var response = await sim.GetAsync($"{ShippedRepos.HostilePaths}/resolve/main/%2E%2E%2Fx");

        (await response.Content.ReadAsStringAsync()).ShouldBe("This file's path is ../x.\n");
    }
}
