using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Api;

public sealed class PathsInfoTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Wan = ShippedRepos.Wan;

    [Fact]
    public async Task When_the_body_is_json_Should_answer_tree_entries_and_leave_out_missing_paths()
    {
        var response = await sim.Http.PostAsJsonAsync($"api/models/{Wan}/paths-info/main",
            new { paths = new[] { "config.json", "Wan2.1_VAE.pth", "missing.txt", "google" }, expand = true });
        var entries = (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;

        entries.Select(e => e.GetProperty("path").GetString()).ShouldBe(["config.json", "Wan2.1_VAE.pth", "google"]);
        entries[1].GetProperty("lfs").GetProperty("oid").GetString().ShouldBe(sim.Catalog[Wan].Main.File("Wan2.1_VAE.pth").Sha256);
        entries[0].GetProperty("lastCommit").GetProperty("id").GetString().ShouldNotBeNull();
        entries[2].GetProperty("type").GetString().ShouldBe("directory");
    }

    [Fact]
    public async Task When_the_body_is_a_form_with_repeated_paths_Should_answer_their_entries_too()
    {
        var form = new FormUrlEncodedContent([new("paths", "README.md"), new("paths", "google/umt5-xxl/spiece.model"), new("expand", "false")]);
        var response = await sim.Http.PostAsync($"api/models/{Wan}/paths-info/{Uri.EscapeDataString("refs/pr/1")}", form);
        var entries = (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;

        entries.Select(e => e.GetProperty("path").GetString()).ShouldBe(["README.md", "google/umt5-xxl/spiece.model"]);
        entries[0].TryGetProperty("lastCommit", out _).ShouldBeFalse();
    }
}
