using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Tests.Files;

public sealed class HashTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task When_every_file_is_served_Should_hash_to_what_the_tree_advertises()
    {
        var commit = sim.Catalog[ShippedRepos.Wan].Main.Sha;
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{ShippedRepos.Wan}/tree/{commit}?recursive=true");

        foreach (var entry in entries!.Where(e => e.GetProperty("type").GetString() == "file"))
        {
            var path = entry.GetProperty("path").GetString()!;
            var bytes = await sim.DownloadAsync(ShippedRepos.Wan, commit, path);
            bytes.LongLength.ShouldBe(entry.GetProperty("size").GetInt64(), path);
            if (entry.TryGetProperty("lfs", out var lfs))
            {
                var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
                sha256.ShouldBe(lfs.GetProperty("oid").GetString(), path);
                var pointer = Encoding.UTF8.GetBytes(GitObjects.LfsPointer(sha256, bytes.LongLength));
                GitObjects.BlobId(pointer).ShouldBe(entry.GetProperty("oid").GetString(), path);
                pointer.Length.ShouldBe(lfs.GetProperty("pointerSize").GetInt32(), path);
            }
            else
            {
                GitObjects.BlobId(bytes).ShouldBe(entry.GetProperty("oid").GetString(), path);
            }
        }
    }

    [Fact]
    public async Task When_small_files_are_served_Should_be_plausible_text()
    {
        var config = await sim.DownloadAsync(ShippedRepos.Wan, "main", "config.json");
        var readme = Encoding.UTF8.GetString(await sim.DownloadAsync(ShippedRepos.Wan, "main", "README.md"));

        JsonDocument.Parse(config).RootElement.GetProperty("model_type").GetString().ShouldBe("t2v");
        readme.ShouldStartWith("---\nlicense: apache-2.0");
        readme.ShouldContain("# Wan2.1");
    }

    [Fact]
    public async Task When_two_simulators_share_a_seed_Should_serve_the_same_content()
    {
        await using var other = await SimulatorHost.StartAsync();

        other.Catalog[ShippedRepos.Wan].Main.Sha.ShouldBe(sim.Catalog[ShippedRepos.Wan].Main.Sha);
        other.Catalog[ShippedRepos.Wan].Main.File("Wan2.1_VAE.pth").Sha256.ShouldBe(sim.Catalog[ShippedRepos.Wan].Main.File("Wan2.1_VAE.pth").Sha256);
    }

    [Fact]
    public async Task When_the_weight_size_option_is_large_Should_scale_the_weights_without_hashing_them_up_front()
    {
        await using var big = await SimulatorHost.StartAsync(new SimulatorOptions { WeightBytes = 5L * 1024 * 1024 * 1024 });
        var file = big.Catalog[ShippedRepos.Wan].Main.File("models_t5_umt5-xxl-enc-bf16.pth");
        using var http = big.CreateClient(followRedirects: true);

        file.Size.ShouldBeGreaterThan(15L * 1024 * 1024 * 1024);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{ShippedRepos.Wan}/raw/main/README.md");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        file.HashesComputed.ShouldBeFalse();
    }
}
