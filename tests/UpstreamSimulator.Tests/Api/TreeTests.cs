using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Content;

namespace ModelHub.UpstreamSimulator.Tests.Api;

public sealed class TreeTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private const string Wan = ShippedRepos.Wan;

    [Fact]
    public async Task When_ten_thousand_files_are_listed_Should_come_in_pages_of_1000_linked_by_absolute_urls()
    {
        var commit = sim.Catalog[ShippedRepos.ManyFiles].Main;
        var pages = await ListAllAsync($"{sim.Host.BaseAddress}api/models/{ShippedRepos.ManyFiles}/tree/{commit.Sha}?recursive=true&expand=false");

        var entries = pages.SelectMany(p => p.Entries).ToList();
        var paths = entries.Select(e => e.GetProperty("path").GetString()).ToList();
        paths.Distinct().Count().ShouldBe(paths.Count);
        entries.Count(e => e.GetProperty("type").GetString() == "file").ShouldBe(10_000);
        entries.Count(e => e.GetProperty("type").GetString() == "directory").ShouldBe(111);
        pages.Count.ShouldBe(11);
        pages.Take(10).ShouldAllBe(p => p.Entries.Count == 1000);
        foreach (var link in pages.Take(10).Select(p => p.Next!))
        {
            link.ShouldStartWith($"{sim.Host.BaseAddress}api/models/{ShippedRepos.ManyFiles}/tree/{commit.Sha}?recursive=true&expand=false&cursor=");
        }

        pages[^1].Next.ShouldBeNull();
    }

    [Fact]
    public async Task When_expand_is_true_Should_add_last_commit_and_security_status()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main?recursive=true&expand=true");

        var readme = entries!.Single(e => e.GetProperty("path").GetString() == "README.md");
        readme.GetProperty("lastCommit").GetProperty("id").GetString().ShouldBe(sim.Catalog[Wan].Main.Sha);
        readme.GetProperty("lastCommit").GetProperty("title").GetString().ShouldBe("Update README.md");
        readme.GetProperty("lastCommit").GetProperty("date").GetString().ShouldNotBeNullOrEmpty();
        var config = entries!.Single(e => e.GetProperty("path").GetString() == "config.json");
        config.GetProperty("lastCommit").GetProperty("id").GetString().ShouldBe(sim.Catalog[Wan].History[0].Sha);
        var status = readme.GetProperty("securityFileStatus");
        status.GetProperty("status").GetString().ShouldBe("safe");
        status.TryGetProperty("avScan", out _).ShouldBeTrue();
        status.TryGetProperty("pickleImportScan", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task When_expand_is_true_Should_page_by_50_and_keep_expand_in_the_link()
    {
        var response = await sim.Http.GetAsync($"api/models/{ShippedRepos.ManyFiles}/tree/main?recursive=true&expand=true");
        var entries = await response.Content.ReadFromJsonAsync<JsonElement[]>();

        entries!.Length.ShouldBe(50);
        response.Headers.GetValues("Link").Single().ShouldContain("recursive=true&expand=true&cursor=");
    }

    [Fact]
    public async Task When_a_tree_is_listed_Should_give_entries_the_hub_shape_with_lfs_and_xet_hash_on_lfs_files()
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main");
        var main = sim.Catalog[Wan].Main;

        var weights = entries!.Single(e => e.GetProperty("path").GetString() == "diffusion_pytorch_model.safetensors");
        var file = main.File("diffusion_pytorch_model.safetensors");
        weights.GetProperty("type").GetString().ShouldBe("file");
        weights.GetProperty("size").GetInt64().ShouldBe(file.Size);
        weights.GetProperty("oid").GetString().ShouldBe(file.GitOid);
        weights.GetProperty("lfs").GetProperty("oid").GetString().ShouldBe(file.Sha256);
        weights.GetProperty("lfs").GetProperty("size").GetInt64().ShouldBe(file.Size);
        weights.GetProperty("lfs").GetProperty("pointerSize").GetInt32().ShouldBe(file.PointerSize!.Value);
        weights.GetProperty("xetHash").GetString()!.ShouldMatch("^[0-9a-f]{64}$");

        var config = entries!.Single(e => e.GetProperty("path").GetString() == "config.json");
        config.TryGetProperty("lfs", out _).ShouldBeFalse();
        config.TryGetProperty("xetHash", out _).ShouldBeFalse();

        var folder = entries!.Single(e => e.GetProperty("path").GetString() == "google");
        folder.GetProperty("type").GetString().ShouldBe("directory");
        folder.GetProperty("size").GetInt64().ShouldBe(0);
        folder.GetProperty("oid").GetString()!.ShouldMatch("^[0-9a-f]{40}$");
        entries!.ShouldNotContain(e => e.GetProperty("path").GetString()!.Contains('/'));
    }

    [Theory]
    [InlineData("google%2Fumt5-xxl")]
    [InlineData("google/umt5-xxl")]
    public async Task When_a_sub_folder_is_given_encoded_or_raw_Should_list_it(string folder)
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main/{folder}");

        entries!.Select(e => e.GetProperty("path").GetString()).ShouldBe(
            ["google/umt5-xxl/special_tokens_map.json", "google/umt5-xxl/spiece.model", "google/umt5-xxl/tokenizer.json", "google/umt5-xxl/tokenizer_config.json"]);
    }

    [Theory]
    [InlineData("refs/pr/1")]
    [InlineData("refs%2Fpr%2F1")]
    public async Task When_a_pull_request_ref_is_given_raw_or_encoded_with_a_path_after_it_Should_list_that_path(string revision)
    {
        var entries = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/{revision}/examples?recursive=1");

        entries!.Length.ShouldBe(17);
        entries.ShouldAllBe(e => e.GetProperty("path").GetString()!.StartsWith("examples/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_recursive_is_True_or_1_Should_list_recursively()
    {
        var upper = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main/examples?recursive=True");
        var one = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main/examples?recursive=1");
        var flat = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main/examples");

        upper!.Length.ShouldBe(17);
        one!.Length.ShouldBe(17);
        flat!.Length.ShouldBe(7);
    }

    [Fact]
    public async Task When_the_folder_is_missing_Should_answer_EntryNotFound_with_the_commit()
    {
        var response = await sim.Http.GetAsync($"api/models/{Wan}/tree/main/no/such/folder");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.One("X-Error-Code").ShouldBe("EntryNotFound");
        response.One("X-Repo-Commit").ShouldBe(sim.Catalog[Wan].Main.Sha);
    }

    [Fact]
    public async Task When_directories_are_listed_Should_give_the_git_tree_id_of_their_content_as_oid()
    {
        var root = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main");
        var google = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main/google");
        var umt5 = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/models/{Wan}/tree/main/google/umt5-xxl");

        var umt5Oid = GitObjects.TreeId(umt5!.Select(e =>
            (e.GetProperty("path").GetString()!["google/umt5-xxl/".Length..], false, e.GetProperty("oid").GetString()!)));
        google!.Single().GetProperty("oid").GetString().ShouldBe(umt5Oid);
        root!.Single(e => e.GetProperty("path").GetString() == "google").GetProperty("oid").GetString()
            .ShouldBe(GitObjects.TreeId([("umt5-xxl", true, umt5Oid)]));
    }

    private async Task<List<(List<JsonElement> Entries, string? Next)>> ListAllAsync(string url)
    {
        var pages = new List<(List<JsonElement>, string?)>();
        for (string? next = url; next is not null;)
        {
            using var response = await sim.Http.GetAsync(next);
            response.EnsureSuccessStatusCode();
            var entries = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
            next = response.Headers.TryGetValues("Link", out var links) ? NextOf(links.Single()) : null;
            pages.Add((entries, next));
            pages.Count.ShouldBeLessThan(20);
        }

        return pages;
    }

    private static string NextOf(string link)
    {
        link.ShouldEndWith(">; rel=\"next\"");
        return link[1..link.IndexOf('>')];
    }
}
