using System.Net;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Api;

public sealed class ModelInfoTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Wan = ShippedRepos.Wan;

    [Fact]
    public async Task When_model_info_is_asked_for_Should_carry_what_both_clients_read()
    {
        var info = await sim.GetJsonAsync($"api/models/{Wan}/revision/main");
        var main = sim.Catalog[Wan].Main;

        info.GetProperty("id").GetString().ShouldBe(Wan);
        info.GetProperty("_id").GetString()!.Length.ShouldBe(24);
        info.GetProperty("sha").GetString().ShouldBe(main.Sha);
        info.GetProperty("sha").GetString()!.ShouldMatch("^[0-9a-f]{40}$");
        info.GetProperty("lastModified").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        info.GetProperty("private").GetBoolean().ShouldBeFalse();
        info.GetProperty("gated").GetBoolean().ShouldBeFalse();
        info.GetProperty("tags").GetArrayLength().ShouldBeGreaterThan(0);
        info.GetProperty("pipeline_tag").GetString().ShouldBe("text-to-video");
        info.GetProperty("cardData").ValueKind.ShouldBe(JsonValueKind.Object);
        var siblings = info.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString()!).ToList();
        siblings.ShouldBe(main.Files.Select(f => f.Path).ToList());
        siblings.Count.ShouldBeGreaterThanOrEqualTo(40);
        siblings.ShouldContain("google/umt5-xxl/tokenizer.json");
    }

    [Fact]
    public async Task When_blobs_is_true_Should_add_size_blob_id_and_lfs_to_each_sibling()
    {
        var info = await sim.GetJsonAsync($"api/models/{Wan}/revision/main?blobs=true");
        var main = sim.Catalog[Wan].Main;

        foreach (var sibling in info.GetProperty("siblings").EnumerateArray())
        {
            var file = main.File(sibling.GetProperty("rfilename").GetString()!);
            sibling.GetProperty("size").GetInt64().ShouldBe(file.Size);
            sibling.GetProperty("blobId").GetString().ShouldBe(file.GitOid);
            if (file.IsLfs)
            {
                var lfs = sibling.GetProperty("lfs");
                lfs.GetProperty("sha256").GetString().ShouldBe(file.Sha256);
                lfs.GetProperty("size").GetInt64().ShouldBe(file.Size);
                lfs.GetProperty("pointerSize").GetInt32().ShouldBe(file.PointerSize!.Value);
                sibling.GetProperty("xetHash").GetString().ShouldBe(file.XetHash, "huggingface.co names a Xet-stored file's Xet hash");
            }
            else
            {
                sibling.TryGetProperty("lfs", out _).ShouldBeFalse();
                sibling.TryGetProperty("xetHash", out _).ShouldBeFalse();
            }
        }
    }

    [Theory]
    [InlineData("expand=sha&expand=likes")]
    [InlineData("expand[]=sha&expand[]=likes")]
    [InlineData("expand%5B%5D=sha&expand=likes")]
    public async Task When_expand_is_given_in_either_spelling_Should_return_only_the_fields_asked_for(string query)
    {
        var info = await sim.GetJsonAsync($"api/models/{Wan}/revision/HEAD?{query}");

        info.EnumerateObject().Select(p => p.Name).ShouldBe(["_id", "id", "likes", "sha"], ignoreOrder: true);
    }

    [Fact]
    public async Task When_xetEnabled_is_asked_for_Should_say_true_and_not_otherwise()
    {
        var asked = await sim.GetJsonAsync($"api/models/{Wan}?expand=xetEnabled");
        var plain = await sim.GetJsonAsync($"api/models/{Wan}");

        asked.GetProperty("xetEnabled").GetBoolean().ShouldBeTrue();
        plain.TryGetProperty("xetEnabled", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("main")]
    public async Task When_the_revision_is_HEAD_or_main_Should_describe_the_default_branch(string revision)
    {
        var info = await sim.GetJsonAsync($"api/models/{Wan}/revision/{revision}");

        info.GetProperty("sha").GetString().ShouldBe(sim.Catalog[Wan].Main.Sha);
    }

    [Fact]
    public async Task When_no_revision_is_given_Should_describe_the_default_branch()
    {
        var info = await sim.GetJsonAsync($"api/models/{Wan}");

        info.GetProperty("sha").GetString().ShouldBe(sim.Catalog[Wan].Main.Sha);
    }

    [Theory]
    [InlineData("refs%2Fpr%2F1")]
    [InlineData("refs/pr/1")]
    public async Task When_a_pull_request_ref_is_given_encoded_or_raw_Should_resolve_it(string revision)
    {
        var info = await sim.GetJsonAsync($"api/models/{Wan}/revision/{revision}");

        info.GetProperty("sha").GetString().ShouldBe(sim.Catalog[Wan].Refs["refs/pr/1"].Sha);
        info.GetProperty("sha").GetString().ShouldNotBe(sim.Catalog[Wan].Main.Sha);
    }

    [Fact]
    public async Task When_an_old_commit_or_a_tag_is_given_Should_resolve_it()
    {
        var upload = sim.Catalog[Wan].History[0];

        (await sim.GetJsonAsync($"api/models/{Wan}/revision/{upload.Sha}")).GetProperty("sha").GetString().ShouldBe(upload.Sha);
        (await sim.GetJsonAsync($"api/models/{Wan}/revision/v1.0")).GetProperty("sha").GetString().ShouldBe(upload.Sha);
    }

    [Fact]
    public async Task When_the_revision_is_unknown_Should_answer_RevisionNotFound()
    {
        var response = await sim.Http.GetAsync($"api/models/{Wan}/revision/no-such-branch");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.One("X-Error-Code").ShouldBe("RevisionNotFound");
        response.One("X-Error-Message").ShouldNotBeNullOrEmpty();
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"error\"");
    }

    [Fact]
    public async Task When_the_repository_is_unknown_Should_answer_RepoNotFound_401_anonymous_and_404_with_a_token()
    {
        var anonymous = await sim.GetAsync("api/models/nobody/nothing/revision/main");
        var authenticated = await sim.GetAsync("api/models/nobody/nothing/revision/main", token: "hf_whatever");

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.One("X-Error-Code").ShouldBe("RepoNotFound");
        authenticated.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        authenticated.One("X-Error-Code").ShouldBe("RepoNotFound");
    }
}
