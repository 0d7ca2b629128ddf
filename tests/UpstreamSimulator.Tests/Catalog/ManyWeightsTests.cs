using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Catalog;

public sealed class ManyWeightsTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Repo = ShippedRepos.ManyWeights;

    [Fact]
    public async Task When_the_tree_is_listed_Should_give_every_weight_as_an_LFS_file_of_the_configured_size()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Repo}/tree/main/weights");
        var weights = entries!.Where(e => e.GetProperty("type").GetString() == "file").ToList();

        weights.Count.ShouldBe(sim.Host.Options.ManyWeightsCount);
        weights.ShouldAllBe(w => w.GetProperty("size").GetInt64() == sim.Host.Options.ManyWeightsBytes);
        weights.ShouldAllBe(w => w.GetProperty("lfs").GetProperty("size").GetInt64() == sim.Host.Options.ManyWeightsBytes);
    }

    [Fact]
    public async Task When_weights_are_generated_Should_repeat_in_every_fiftieth_the_bytes_of_the_one_before_it()
    {
        var commit = sim.Catalog[Repo].Main;
        var repeated = commit.File(ManyWeightsRepo.PathOf(50));

        repeated.Sha256.ShouldBe(commit.File(ManyWeightsRepo.PathOf(49)).Sha256);
        repeated.Sha256.ShouldNotBe(commit.File(ManyWeightsRepo.PathOf(48)).Sha256);
        var bytes = await sim.DownloadAsync(Repo, "main", ManyWeightsRepo.PathOf(50));
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(repeated.Sha256);
        commit.Files.Where(f => f.IsLfs).Select(f => f.Sha256).Distinct().Count()
            .ShouldBe(sim.Host.Options.ManyWeightsCount - (sim.Host.Options.ManyWeightsCount / ManyWeightsRepo.RepeatEvery));
    }
}
