using ModelHub.IntegrationTests.Scans;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// An air-gapped site: a Hugging Face cache imported, then served from the record alone, with an upstream that does not
/// know the repository and with no upstream at all. Who may read it is the record's to say, or an admin's.
/// </summary>
[Collection(ScanCollection.Name)]
public sealed class AirGapTests(ScanFixture fixture) : IAsyncLifetime, IDisposable
{
    private const string ReadToken = "hf_modelhub_airgap_reader";
    private const string Repo = "airgap/imported-model";

    private readonly string _cache = Directory.CreateTempSubdirectory("hf-cache-").FullName;
    private readonly byte[] _config = ScanSteps.RandomBytes(300);
    private readonly byte[] _weights = ScanSteps.RandomBytes(200_000);
    private readonly byte[] _notCached = ScanSteps.RandomBytes(40);

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_an_imported_repository_is_read_and_the_upstream_cannot_tell_Should_serve_every_stored_file_and_its_metadata(bool upstreamDown)
    {
        await ImportAsync();
        var api = fixture.ApiWith(upstreamDown
            ? new Dictionary<string, string?> { ["Upstream:Endpoint"] = DeadEndpoint.Create() }
            : new Dictionary<string, string?> { ["HubApi:ReadTokens:0"] = ReadToken });
        using var client = ServeFixture.WithoutKey(api.CreateClient());

        var config = await client.GetAsync($"/{Repo}/resolve/main/config.json");
        var weights = await client.GetByteArrayAsync($"/{Repo}/resolve/main/model.safetensors");
        var head = await client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{Repo}/resolve/main/model.safetensors"));
        var info = await (await client.GetAsync($"/api/models/{Repo}/revision/main")).ReadJsonAsync();
        var tree = await (await client.GetAsync($"/api/models/{Repo}/tree/main?recursive=true")).ReadJsonAsync();
        var pathsInfo = await (await client.PostAsync($"/api/models/{Repo}/paths-info/main",
            new FormUrlEncodedContent([new("paths", "config.json")]))).ReadJsonAsync();

        config.StatusCode.ShouldBe(HttpStatusCode.OK, "serving a stored file never waits on the upstream");
        (await config.Content.ReadAsByteArrayAsync()).ShouldBe(_config);
        weights.ShouldBe(_weights);
        head.Header("X-Linked-Etag").ShouldBe($"\"{HfCacheBuilder.Sha256(_weights)}\"");
        (info["id"]!.GetValue<string>(), info["gated"]!.GetValue<bool>()).ShouldBe((Repo, false));
        tree.AsArray().Select(e => e!["path"]!.GetValue<string>()).Order().ToList().ShouldBe(["README.md", "config.json", "model.safetensors"], "the cache's manifest names a file it does not hold");
        pathsInfo.AsArray().ShouldHaveSingleItem();
        if (upstreamDown)
        {
            var missing = await client.GetAsync($"/{Repo}/resolve/main/README.md");
            await missing.ShouldBeHubErrorAsync(HttpStatusCode.GatewayTimeout, null);
            missing.Header("X-Error-Message").ShouldContain("README.md");
        }
    }

    [Fact]
    public async Task When_an_admin_sets_who_may_read_an_imported_repository_Should_serve_it_so_and_hand_it_back_on_unknown()
    {
        await ImportAsync();
        // No resolved-file cache: each request sees the access just set (a cached file row keeps it up to 2 s).
        var api = fixture.ApiWith(new Dictionary<string, string?>
        {
            ["Upstream:Endpoint"] = DeadEndpoint.Create(), ["HubApi:ReadTokens:0"] = ReadToken, ["HubApi:ResolvedFileCache"] = "00:00:00",
        });
        using var admin = api.CreateClient();
        using var client = ServeFixture.WithoutKey(api.CreateClient());
        var url = $"/{Repo}/resolve/main/config.json";

        var before = await (await admin.GetAsync($"/v1/hub/models/{Repo}")).ReadJsonAsync();
        var gated = await (await admin.PutAsJsonAsync($"/v1/hub/models/{Repo}/access", new { access = "gated" })).ReadJsonAsync();
        var anonymous = await client.GetAsync(url);
        var reader = await client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, token: ReadToken));
        var info = await (await client.GetAsync($"/api/models/{Repo}")).ReadJsonAsync();
        var handedBack = await (await admin.PutAsJsonAsync($"/v1/hub/models/{Repo}/access", new { access = "unknown" })).ReadJsonAsync();
        var anonymousAgain = await client.GetAsync(url);
        var refused = await admin.PutAsJsonAsync($"/v1/hub/models/{Repo}/access", new { access = "secret" });

        (before["access"]!.GetValue<string>(), before["access_set_by_admin"]!.GetValue<bool>()).ShouldBe(("unknown", false));
        (gated["access"]!.GetValue<string>(), gated["access_set_by_admin"]!.GetValue<bool>()).ShouldBe(("gated", true));
        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        (await reader.Content.ReadAsByteArrayAsync()).ShouldBe(_config);
        info["gated"]!.GetValue<string>().ShouldBe("manual");
        (handedBack["access"]!.GetValue<string>(), handedBack["access_set_by_admin"]!.GetValue<bool>()).ShouldBe(("unknown", false));
        anonymousAgain.StatusCode.ShouldBe(HttpStatusCode.OK, "unknown follows HubApi:UnknownAccess, public by default");
        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["access"]![0]!.GetValue<string>().ShouldContain("public, gated, private");
    }

    [Fact]
    public async Task When_unknown_access_is_configured_gated_Should_give_an_imported_repository_only_to_read_token_holders()
    {
        await ImportAsync();
        var api = fixture.ApiWith(new Dictionary<string, string?>
        {
            ["Upstream:Endpoint"] = DeadEndpoint.Create(), ["HubApi:ReadTokens:0"] = ReadToken, ["HubApi:UnknownAccess"] = "Gated",
        });
        using var client = ServeFixture.WithoutKey(api.CreateClient());
        var url = $"/{Repo}/resolve/main/config.json";

        var anonymous = await client.GetAsync(url);
        var reader = await client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, token: ReadToken));

        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        (await reader.Content.ReadAsByteArrayAsync()).ShouldBe(_config);
    }

    private async Task ImportAsync()
    {
        new HfCacheBuilder(_cache, Repo)
            .File("config.json", _config)
            .File("model.safetensors", _weights, lfs: true)
            .Ref()
            .Manifest(("README.md", _notCached));
        var scanned = await fixture.ScannedAsync(await fixture.ScanAsync(new { mode = "import", path = _cache }));
        scanned.FilesImported.ShouldBe(2);
    }
}
