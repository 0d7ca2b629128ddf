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

    [Theory]
    [InlineData(null)]
    [InlineData("hf_not_the_token")]
    public async Task When_a_caller_without_access_lists_a_gated_repository_Should_see_its_xet_hashes_masked(string? token)
    {
        var weights = sim.Catalog[Gated].Main.Files.First(f => f.IsLfs);

        var hashes = await XetHashesAsync(token, weights.Path);

        hashes.ShouldAllBe(hash => hash == new string('*', 64));
        hashes.Count.ShouldBe(3, "tree, paths-info and the model info's siblings each name it");
    }

    [Fact]
    public async Task When_a_member_lists_a_gated_repository_Should_see_the_real_xet_hashes()
    {
        var weights = sim.Catalog[Gated].Main.Files.First(f => f.IsLfs);

        var hashes = await XetHashesAsync(sim.Host.Options.Token, weights.Path);

        hashes.ShouldBe([weights.XetHash, weights.XetHash, weights.XetHash]);
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

    /// <summary>The Xet hash of one file as the tree, paths-info and model info (<c>blobs=true</c>) show it to a caller.</summary>
    private async Task<List<string>> XetHashesAsync(string? token, string path)
    {
        var tree = await ReadAsync(sim.GetAsync($"api/models/{Gated}/tree/main?recursive=true", token: token));
        var info = await ReadAsync(sim.GetAsync($"api/models/{Gated}?blobs=true", token: token));
        using var pathsInfo = new HttpRequestMessage(HttpMethod.Post, $"api/models/{Gated}/paths-info/main")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { paths = new[] { path } }),
        };
        if (token is not null)
        {
            pathsInfo.Headers.Authorization = new("Bearer", token);
        }

        var entries = await ReadAsync(sim.Http.SendAsync(pathsInfo));
        return
        [
            .. tree.EnumerateArray().Where(e => e.GetProperty("path").GetString() == path).Select(e => e.GetProperty("xetHash").GetString()!),
            .. entries.EnumerateArray().Select(e => e.GetProperty("xetHash").GetString()!),
            .. info.GetProperty("siblings").EnumerateArray().Where(e => e.GetProperty("rfilename").GetString() == path).Select(e => e.GetProperty("xetHash").GetString()!),
        ];
    }

    private static async Task<System.Text.Json.JsonElement> ReadAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
    }
}
