using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.UpstreamSimulator.Tests.Catalog;

/// <summary>Repository ids as the Hub accepts them: typed, with or without a namespace, renamed, in another case.</summary>
public sealed class RepoIdTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task When_a_model_and_a_dataset_share_an_id_Should_keep_their_info_files_and_commits_apart()
    {
        const string Shared = ShippedRepos.SharedName;
        var model = sim.Catalog[Shared];
        var dataset = sim.Catalog[RepoType.Dataset, Shared];

        var modelInfo = await sim.GetJsonAsync($"api/models/{Shared}");
        var datasetInfo = await sim.GetJsonAsync($"api/datasets/{Shared}");
        var modelReadme = await (await sim.GetAsync($"{Shared}/resolve/main/README.md")).Content.ReadAsStringAsync();
        var datasetReadme = await (await sim.GetAsync($"datasets/{Shared}/resolve/main/README.md")).Content.ReadAsStringAsync();
        var modelOnly = await sim.HeadAsync($"datasets/{Shared}/resolve/main/config.json");
        var datasetOnly = await sim.HeadAsync($"{Shared}/resolve/main/data/train.csv");

        model.Type.ShouldBe(RepoType.Model);
        dataset.Type.ShouldBe(RepoType.Dataset);
        modelInfo.GetProperty("sha").GetString().ShouldBe(model.Main.Sha);
        datasetInfo.GetProperty("sha").GetString().ShouldBe(dataset.Main.Sha);
        model.Main.Sha.ShouldNotBe(dataset.Main.Sha);
        modelInfo.GetProperty("_id").GetString().ShouldNotBe(datasetInfo.GetProperty("_id").GetString());
        Siblings(modelInfo).ShouldBe(["README.md", "config.json", "model.safetensors"]);
        Siblings(datasetInfo).ShouldBe([".gitattributes", "README.md", "data/train.csv", "data/train.parquet"]);
        modelReadme.ShouldContain("(the model)");
        datasetReadme.ShouldContain("(the dataset)");
        modelOnly.One("X-Error-Code").ShouldBe("EntryNotFound");
        datasetOnly.One("X-Error-Code").ShouldBe("EntryNotFound");
    }

    [Theory]
    [InlineData("api/datasets/{0}")]
    [InlineData("api/datasets/{0}/revision/main")]
    [InlineData("api/datasets/{0}/tree/main?recursive=true")]
    [InlineData("datasets/{0}/resolve/main/config.json")]
    [InlineData("datasets/{0}/raw/main/config.json")]
    public async Task When_a_model_id_is_asked_for_on_a_dataset_route_Should_answer_RepoNotFound(string route)
    {
        var anonymous = await sim.GetAsync(string.Format(route, ShippedRepos.Wan));
        var authenticated = await sim.GetAsync(string.Format(route, ShippedRepos.Wan), token: sim.Host.Options.Token);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.One("X-Error-Code").ShouldBe("RepoNotFound");
        (await anonymous.Content.ReadAsStringAsync()).ShouldBe("{\"error\":\"Repository not found\"}");
        authenticated.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        authenticated.One("X-Error-Code").ShouldBe("RepoNotFound");
    }

    [Theory]
    [InlineData("api/models/{0}")]
    [InlineData("api/models/{0}/revision/main")]
    [InlineData("api/models/{0}/tree/main/data")]
    [InlineData("{0}/resolve/main/README.md")]
    [InlineData("{0}/raw/main/README.md")]
    public async Task When_a_dataset_id_is_asked_for_on_a_model_route_Should_answer_RepoNotFound(string route)
    {
        var response = await sim.GetAsync(string.Format(route, ShippedRepos.ParquetDataset));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.One("X-Error-Code").ShouldBe("RepoNotFound");
    }

    [Fact]
    public async Task When_a_dataset_id_is_posted_to_model_paths_info_Should_answer_RepoNotFound()
    {
        var response = await sim.Http.PostAsJsonAsync($"api/models/{ShippedRepos.ParquetDataset}/paths-info/main", new { paths = new[] { "README.md" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.One("X-Error-Code").ShouldBe("RepoNotFound");
    }

    [Theory]
    [InlineData("GET", "api/models/gpt2", "/api/models/openai-community/gpt2")]
    [InlineData("GET", "api/models/gpt2/revision/main?expand=sha", "/api/models/openai-community/gpt2/revision/main?expand=sha")]
    [InlineData("GET", "api/models/gpt2/tree/refs%2Fpr%2F1/a%2Fb?recursive=true&expand=false", "/api/models/openai-community/gpt2/tree/refs%2Fpr%2F1/a%2Fb?recursive=true&expand=false")]
    [InlineData("POST", "api/models/gpt2/paths-info/main", "/api/models/openai-community/gpt2/paths-info/main")]
    [InlineData("HEAD", "gpt2/resolve/main/config.json", "/openai-community/gpt2/resolve/main/config.json")]
    [InlineData("GET", "gpt2/resolve/main/model.safetensors", "/openai-community/gpt2/resolve/main/model.safetensors")]
    [InlineData("HEAD", "gpt2/raw/main/config.json?download=true", "/openai-community/gpt2/raw/main/config.json?download=true")]
    [InlineData("GET", "api/models/GPT2", "/api/models/openai-community/gpt2")]
    [InlineData("GET", "api/models/OpenAI-Community/GPT2/revision/main", "/api/models/openai-community/gpt2/revision/main")]
    [InlineData("GET", "api/models/openai-community/GPT2/tree/main", "/api/models/openai-community/gpt2/tree/main")]
    [InlineData("POST", "api/models/Openai-Community/gpt2/paths-info/main", "/api/models/openai-community/gpt2/paths-info/main")]
    [InlineData("HEAD", "OPENAI-COMMUNITY/gpt2/resolve/main/config.json", "/openai-community/gpt2/resolve/main/config.json")]
    [InlineData("GET", "openai-community/Gpt2/raw/main/config.json", "/openai-community/gpt2/raw/main/config.json")]
    [InlineData("GET", "api/datasets/squad", "/api/datasets/rajpurkar/squad")]
    [InlineData("GET", "api/datasets/squad/revision/main?blobs=true", "/api/datasets/rajpurkar/squad/revision/main?blobs=true")]
    [InlineData("GET", "api/datasets/squad/tree/main/plain_text?recursive=1", "/api/datasets/rajpurkar/squad/tree/main/plain_text?recursive=1")]
    [InlineData("POST", "api/datasets/squad/paths-info/main", "/api/datasets/rajpurkar/squad/paths-info/main")]
    [InlineData("HEAD", "datasets/squad/resolve/main/README.md", "/datasets/rajpurkar/squad/resolve/main/README.md")]
    [InlineData("GET", "datasets/squad/raw/main/README.md", "/datasets/rajpurkar/squad/raw/main/README.md")]
    [InlineData("GET", "api/datasets/SQuAD", "/api/datasets/rajpurkar/squad")]
    [InlineData("GET", "api/datasets/Rajpurkar/Squad/revision/main", "/api/datasets/rajpurkar/squad/revision/main")]
    [InlineData("GET", "api/datasets/rajpurkar/SQUAD/tree/main", "/api/datasets/rajpurkar/squad/tree/main")]
    [InlineData("POST", "api/datasets/RAJPURKAR/squad/paths-info/main", "/api/datasets/rajpurkar/squad/paths-info/main")]
    [InlineData("HEAD", "datasets/rajpurkar/Squad/resolve/main/README.md", "/datasets/rajpurkar/squad/resolve/main/README.md")]
    [InlineData("GET", "datasets/Rajpurkar/squad/raw/main/README.md", "/datasets/rajpurkar/squad/raw/main/README.md")]
    public async Task When_a_renamed_or_mis_cased_id_is_asked_for_Should_answer_307_to_the_current_name_with_a_relative_location(
        string method, string url, string location)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { paths = new[] { "README.md" } });
        }

        var response = await sim.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location!.IsAbsoluteUri.ShouldBeFalse();
        response.Headers.Location.OriginalString.ShouldBe(location);
        response.One("X-Error-Code").ShouldBeNull();
    }

    [Theory]
    [InlineData("api/models/gpt2/revision/main", ShippedRepos.Gpt2)]
    [InlineData("api/datasets/squad/revision/main", ShippedRepos.Squad)]
    public async Task When_the_redirect_is_followed_Should_reach_the_current_repository(string url, string current)
    {
        var info = await sim.Following.GetFromJsonAsync<JsonElement>(url);

        info.GetProperty("id").GetString().ShouldBe(current);
    }

    [Fact]
    public async Task When_a_redirected_paths_info_post_is_followed_Should_be_posted_again_to_the_current_name()
    {
        var response = await sim.Following.PostAsJsonAsync("api/datasets/squad/paths-info/main", new { paths = new[] { "README.md" } });
        var entries = await response.Content.ReadFromJsonAsync<JsonElement[]>();

        entries!.Single().GetProperty("oid").GetString().ShouldBe(sim.Catalog[RepoType.Dataset, ShippedRepos.Squad].Main.File("README.md").GitOid);
    }

    [Theory]
    [InlineData(RepoType.Model, ShippedRepos.NoNamespaceModel, "config.json")]
    [InlineData(RepoType.Dataset, ShippedRepos.NoNamespaceDataset, "data/train.jsonl")]
    public async Task When_an_id_without_a_namespace_is_its_current_name_Should_be_served_directly(RepoType type, string id, string path)
    {
        var prefix = type.UrlPrefix();
        var api = type.ApiSegment();
        var repo = sim.Catalog[type, id];

        var info = await sim.GetAsync($"api/{api}/{id}");
        var revision = await sim.GetJsonAsync($"api/{api}/{id}/revision/main");
        var tree = await sim.Http.GetFromJsonAsync<JsonElement[]>($"api/{api}/{id}/tree/main?recursive=true");
        var pathsInfo = await sim.Http.PostAsJsonAsync($"api/{api}/{id}/paths-info/main", new { paths = new[] { path } });
        var resolve = await sim.GetAsync($"{prefix}{id}/resolve/main/{path}");
        var raw = await sim.HeadAsync($"{prefix}{id}/raw/main/{path}");

        info.StatusCode.ShouldBe(HttpStatusCode.OK);
        revision.GetProperty("id").GetString().ShouldBe(id);
        revision.GetProperty("sha").GetString().ShouldBe(repo.Main.Sha);
        revision.GetProperty("author").ValueKind.ShouldBe(JsonValueKind.Null);
        tree!.Where(e => e.GetProperty("type").GetString() == "file").Select(e => e.GetProperty("path").GetString()).ShouldBe(repo.Main.Files.Select(f => f.Path));
        (await pathsInfo.Content.ReadFromJsonAsync<JsonElement[]>())!.Single().GetProperty("path").GetString().ShouldBe(path);
        resolve.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await resolve.Content.ReadAsByteArrayAsync()).ShouldBe(repo.Main.File(path).ReadAllBytes());
        raw.StatusCode.ShouldBe(HttpStatusCode.OK);
        raw.One("X-Repo-Commit").ShouldBe(repo.Main.Sha);
    }

    [Fact]
    public async Task When_a_repository_without_a_namespace_has_an_lfs_file_Should_redirect_to_a_cdn_url_that_serves_it()
    {
        var file = sim.Catalog[ShippedRepos.NoNamespaceModel].Main.File("model.safetensors");

        var redirect = await sim.HeadAsync($"{ShippedRepos.NoNamespaceModel}/resolve/main/model.safetensors");
        var bytes = await sim.DownloadAsync(ShippedRepos.NoNamespaceModel, "main", "model.safetensors");

        redirect.Headers.Location!.AbsolutePath.ShouldBe($"/cdn/repos/{ShippedRepos.NoNamespaceModel}/{file.Sha256}");
        bytes.ShouldBe(file.ReadAllBytes());
    }

    [Fact]
    public async Task When_a_rename_is_added_in_the_catalog_Should_redirect_until_it_is_removed()
    {
        sim.Catalog.Rename(RepoType.Dataset, "someone/old-reviews", ShippedRepos.ParquetDataset);

        var renamed = await sim.GetAsync("api/datasets/someone/old-reviews/tree/main?recursive=true");
        var miscased = await sim.GetAsync("api/datasets/Someone/Old-Reviews");
        var asModel = await sim.GetAsync("api/models/someone/old-reviews");
        sim.Catalog.RemoveRename(RepoType.Dataset, "someone/old-reviews").ShouldBeTrue();
        var removed = await sim.GetAsync("api/datasets/someone/old-reviews");

        renamed.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        renamed.Headers.Location!.OriginalString.ShouldBe($"/api/datasets/{ShippedRepos.ParquetDataset}/tree/main?recursive=true");
        miscased.Headers.Location!.OriginalString.ShouldBe($"/api/datasets/{ShippedRepos.ParquetDataset}");
        asModel.One("X-Error-Code").ShouldBe("RepoNotFound");
        removed.One("X-Error-Code").ShouldBe("RepoNotFound");
    }

    [Fact]
    public async Task When_a_repository_is_added_under_a_renamed_id_Should_serve_it_instead_of_redirecting()
    {
        sim.Catalog.AddRepo(ShippedRepos.LegacyGpt2, b => b.Text("config.json", "{\"legacy\": true}\n"));
        try
        {
            var exact = await sim.GetAsync("gpt2/resolve/main/config.json");
            var miscased = await sim.GetAsync("GPT2/resolve/main/config.json");

            exact.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await exact.Content.ReadAsStringAsync()).ShouldBe("{\"legacy\": true}\n");
            miscased.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        }
        finally
        {
            sim.Catalog.RemoveRepo(ShippedRepos.LegacyGpt2);
        }
    }

    [Fact]
    public async Task When_a_private_repository_is_renamed_Should_not_reveal_it_without_the_token()
    {
        sim.Catalog.AddRepo("sim/secret-current", b => b.Text("README.md", "secret\n")).Private = true;
        sim.Catalog.Rename(RepoType.Model, "sim/secret-old", "sim/secret-current");

        var anonymous = await sim.GetAsync("api/models/sim/secret-old");
        var member = await sim.GetAsync("api/models/sim/secret-old", token: sim.Host.Options.Token);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.One("X-Error-Code").ShouldBe("RepoNotFound");
        member.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
    }

    [Fact]
    public async Task When_requests_name_an_old_id_Should_log_them_under_that_id_and_type()
    {
        await sim.HeadAsync("datasets/squad/resolve/main/README.md");

        var logged = sim.Catalog.Requests.Snapshot().Last(r => r.Path == "/datasets/squad/resolve/main/README.md");
        logged.RepoType.ShouldBe(RepoType.Dataset);
        logged.RepoId.ShouldBe(ShippedRepos.LegacySquad);
        logged.Kind.ShouldBe("resolve");
        logged.Status.ShouldBe(307);
    }

    private static List<string?> Siblings(JsonElement info) =>
        [.. info.GetProperty("siblings").EnumerateArray().Select(s => s.GetProperty("rfilename").GetString())];
}
