using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.UpstreamSimulator.Catalog;
using SimRepoType = ModelHub.UpstreamSimulator.Catalog.RepoType;

namespace ModelHub.IntegrationTests.Repositories;

/// <summary>
/// Every id the Hub accepts: a legacy id without a namespace, a renamed and a mis-cased one. ModelHub records the
/// repository under its current name (learned from the upstream's 307) and answers an old name as the Hub does.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class RepositoryNameTests(ServeFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();
    private readonly HttpClient _noRedirects = NoRedirects(fixture.Api);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        _noRedirects.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_a_legacy_model_id_is_registered_synced_and_downloaded_Should_record_it_under_its_current_name()
    {
        var registered = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = ShippedRepos.LegacyGpt2 });
        var again = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = "GPT2" });
        var sync = await _client.SyncAsync(ShippedRepos.LegacyGpt2);
        var jobs = await _client.SubmitDownloadsAsync(new { repo_id = ShippedRepos.LegacyGpt2, include = new[] { "config.json" } });

        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
        registered.Headers.Location!.ToString().ShouldBe($"/v1/hub/models/{ShippedRepos.Gpt2}");
        (await registered.ReadJsonAsync())["repo_id"]!.GetValue<string>().ShouldBe(ShippedRepos.Gpt2);
        again.StatusCode.ShouldBe(HttpStatusCode.OK, "the legacy id in another case names the same repository");
        sync["repo_id"]!.GetValue<string>().ShouldBe(ShippedRepos.Gpt2);
        jobs.ShouldHaveSingleItem();
        (await fixture.WithDbAsync(db => db.Repositories.Select(r => r.RepoId).ToListAsync())).ShouldBe([ShippedRepos.Gpt2]);
        var read = await (await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Gpt2}")).ReadJsonAsync();
        read["last_synced_commit"]!.GetValue<string>().ShouldBe(fixture.Simulator.Catalog[ShippedRepos.Gpt2].Main.Sha);
    }

    [Fact]
    public async Task When_a_legacy_dataset_id_is_used_on_the_hub_routes_Should_redirect_to_the_current_name_keeping_the_rest()
    {
        var main = fixture.Simulator.Catalog[SimRepoType.Dataset, ShippedRepos.Squad].Main;
        await _client.SyncDatasetAsync(ShippedRepos.LegacySquad);
        var card = main.Files.Single(f => f.Path == "README.md");

        var head = await _noRedirects.SendAsync(ServeFixture.Request(HttpMethod.Head, "/datasets/squad/resolve/main/README.md"));
        var info = await _noRedirects.GetAsync("/api/datasets/squad/revision/main?expand=sha");
        var tree = await _noRedirects.GetAsync("/api/datasets/Squad/tree/refs%2Fconvert%2Fparquet/plain%2Ftext?recursive=true");
        var pathsInfo = await _noRedirects.PostAsync("/api/datasets/squad/paths-info/main", new FormUrlEncodedContent([new("paths", "README.md")]));
        var misCased = await _noRedirects.GetAsync("/api/datasets/RajPurkar/SQuAD");
        var followed = await _client.GetByteArrayAsync("/datasets/squad/resolve/main/README.md");
        var followedPathsInfo = await (await _client.PostAsync("/api/datasets/squad/paths-info/main",
            new FormUrlEncodedContent([new("paths", "README.md")]))).ReadJsonAsync();

        head.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        head.Headers.Location!.ToString().ShouldBe($"/datasets/{ShippedRepos.Squad}/resolve/main/README.md");
        info.Headers.Location!.ToString().ShouldBe($"/api/datasets/{ShippedRepos.Squad}/revision/main?expand=sha");
        tree.Headers.Location!.ToString().ShouldBe($"/api/datasets/{ShippedRepos.Squad}/tree/refs%2Fconvert%2Fparquet/plain%2Ftext?recursive=true");
        pathsInfo.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect, "a 307 keeps the POST and its body");
        pathsInfo.Headers.Location!.ToString().ShouldBe($"/api/datasets/{ShippedRepos.Squad}/paths-info/main");
        misCased.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        misCased.Headers.Location!.ToString().ShouldBe($"/api/datasets/{ShippedRepos.Squad}");
        followed.ShouldBe(card.ReadAllBytes());
        followedPathsInfo.AsArray().Select(e => e!["path"]!.GetValue<string>()).ShouldBe(["README.md"]);
    }

    [Fact]
    public async Task When_a_repository_is_renamed_upstream_after_its_sync_Should_take_the_new_name_and_redirect_the_old_one()
    {
        const string Before = "sim/before-rename";
        const string After = "sim/after-rename";
        var firstCommit = AddRepo(Before).Main.Sha;
        await _client.SyncAsync(Before);
        fixture.Simulator.Catalog.RemoveRepo(Before);
        var renamed = AddRepo(After);
        fixture.Simulator.Catalog.Rename(SimRepoType.Model, Before, After);

        var second = await _client.SyncAsync(Before);
        var redirect = await _noRedirects.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{Before}/resolve/main/config.json"));
        var bytes = await _client.GetByteArrayAsync($"/{Before}/resolve/main/config.json");
        var read = await _client.GetAsync($"/v1/hub/models/{Before}");

        second["repo_id"]!.GetValue<string>().ShouldBe(After);
        redirect.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        redirect.Headers.Location!.ToString().ShouldBe($"/{After}/resolve/main/config.json");
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(renamed.Main.Files.Single(f => f.Path == "config.json").Sha256);
        (await read.ReadJsonAsync())["repo_id"]!.GetValue<string>().ShouldBe(After, "the management API finds a repository by its former name too");
        var metadata = Path.Combine(fixture.StoreRoot, "metadata");
        Directory.Exists(Path.Combine(metadata, Before)).ShouldBeFalse("the readable copies moved with the name");
        Directory.Exists(Path.Combine(metadata, After, firstCommit)).ShouldBeTrue();
    }

    [Fact]
    public async Task When_a_legacy_id_is_asked_for_with_auto_register_Should_register_its_current_name_and_redirect()
    {
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["PullThrough:AutoRegister"] = "true" });
        using var noRedirects = NoRedirects(api);
        using var client = api.CreateClient();

        var redirect = await noRedirects.GetAsync("/gpt2/resolve/main/config.json");
        var bytes = await client.GetByteArrayAsync("/gpt2/resolve/main/config.json");

        redirect.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        redirect.Headers.Location!.ToString().ShouldBe($"/{ShippedRepos.Gpt2}/resolve/main/config.json");
        bytes.ShouldBe(fixture.Simulator.Catalog[ShippedRepos.Gpt2].Main.Files.Single(f => f.Path == "config.json").ReadAllBytes());
    }

    [Fact]
    public async Task When_an_id_is_unknown_or_the_upstream_keeps_it_without_a_namespace_Should_answer_clearly()
    {
        var unknownOnHub = await _client.GetAsync("/api/models/never-registered");
        var unknownFile = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, "/datasets/never-registered/resolve/main/README.md"));
        var noNamespace = await _client.PostAsJsonAsync("/v1/hub/register", new { repo_id = ShippedRepos.NoNamespaceModel });
        var notUpstream = await _client.PostAsJsonAsync("/v1/hub/sync", new { repo_id = "no-such-legacy-id" });

        await unknownOnHub.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await unknownFile.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        (await noNamespace.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>().ShouldContain("namespace/name");
        (await notUpstream.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("no-such-legacy-id");
        (await fixture.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);
    }

    /// <summary>A client that shows the redirects instead of following them, at the Api's real address.</summary>
    private static HttpClient NoRedirects(ApiFactory api)
    {
        using var probe = api.CreateClient();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = probe.BaseAddress };
        client.DefaultRequestHeaders.Authorization = probe.DefaultRequestHeaders.Authorization;
        return client;
    }

    private SimRepo AddRepo(string repoId) =>
        fixture.Simulator.Catalog.AddRepo(repoId, commit => commit
            .Text("config.json", "{\"model_type\": \"renamed\"}\n")
            .Text("README.md", "# A repository that moves\n"));
}
