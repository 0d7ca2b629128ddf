using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>Read tokens, upstream-gated repositories, and serving with the upstream unreachable.</summary>
[Collection(ServeCollection.Name)]
public sealed class AccessTests(ServeFixture fixture) : IAsyncLifetime
{
    private static readonly string _deadEndpoint = DeadEndpoint.Create();

    private readonly HttpClient _client = fixture.CreateClient();

    /// <summary>A Hub client with no ModelHub key (test clients send the admin key, which is a read token too).</summary>
    private readonly HttpClient _hub = fixture.CreateHubClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task When_files_of_a_gated_repository_are_asked_for_Should_go_only_to_callers_with_a_read_token(string method)
    {
        var main = await fixture.SyncAsync(_client, ShippedRepos.Gated);
        var url = $"/{ShippedRepos.Gated}/resolve/main/config.json";

        var anonymous = await _hub.SendAsync(ServeFixture.Request(new HttpMethod(method), url));
        var foreignToken = await _hub.SendAsync(ServeFixture.Request(new HttpMethod(method), url, token: "hf_someone_elses_hub_token"));
        var reader = await _hub.SendAsync(ServeFixture.Request(new HttpMethod(method), url, token: ServeFixture.ReadToken));

        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        await foreignToken.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        reader.StatusCode.ShouldBe(HttpStatusCode.OK);
        reader.Header("X-Repo-Commit").ShouldBe(main.Sha);
        if (method == "GET")
        {
            (await reader.Content.ReadAsByteArrayAsync()).ShouldBe(main.File("config.json").ReadAllBytes());
        }
    }

    [Fact]
    public async Task When_a_gated_repository_is_described_Should_stay_readable_and_say_it_is_gated()
    {
        await fixture.SyncAsync(_client, ShippedRepos.Gated);

        var info = await (await _client.GetAsync($"/api/models/{ShippedRepos.Gated}/revision/main")).ReadJsonAsync();

        info["gated"]!.GetValue<string>().ShouldBe("manual");
        info["siblings"]!.AsArray().Count.ShouldBe(fixture.Simulator.Catalog[ShippedRepos.Gated].Main.Files.Count);
    }

    [Fact]
    public async Task When_RequireToken_is_set_Should_need_a_read_token_on_every_route()
    {
        await fixture.SyncAsync(_client);
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["HubApi:RequireToken"] = "true" });
        using var client = ServeFixture.WithoutKey(api.CreateClient());
        var url = $"/api/models/{ShippedRepos.Wan}/revision/main";

        var anonymous = await client.GetAsync(url);
        var wrong = await client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, token: "hf_wrong"));
        var reader = await client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, token: ServeFixture.ReadToken));
        var apiKey = await client.SendAsync(ServeFixture.Request(HttpMethod.Get, url, token: ApiFactory.ReaderKey));

        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "RepoNotFound");
        await wrong.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, null);
        wrong.Header("X-Error-Message").ShouldBe("Invalid credentials in Authorization header");
        reader.StatusCode.ShouldBe(HttpStatusCode.OK);
        apiKey.StatusCode.ShouldBe(HttpStatusCode.OK, "a ModelHub API key is a read token too");
    }

    [Fact]
    public async Task When_RequireToken_is_set_Should_refuse_a_caller_without_one_on_each_kind_of_hub_route_before_it_answers()
    {
        await fixture.SyncAsync(_client);
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["HubApi:RequireToken"] = "true" });
        using var client = ServeFixture.WithoutKey(api.CreateClient());
        var wan = ShippedRepos.Wan;
        // Each route's own answer without the gate would differ (200, 404, 307 to the current name, a refused Xet token):
        // a route left out of the gate shows here.
        (HttpMethod Method, string Url)[] routes =
        [
            (HttpMethod.Get, $"/api/models/{wan}"),
            (HttpMethod.Get, $"/api/models/{wan}/tree/main"),
            (HttpMethod.Post, $"/api/models/{wan}/paths-info/main"),
            (HttpMethod.Get, $"/api/models/{wan}/xet-read-token/main"),
            (HttpMethod.Get, $"/{wan}/resolve/main/config.json"),
            (HttpMethod.Head, $"/{wan}/resolve/main/config.json"),
            (HttpMethod.Get, $"/{wan}/raw/main/config.json"),
            (HttpMethod.Get, "/api/datasets/org/unknown-dataset/tree/main"),
            (HttpMethod.Head, "/datasets/org/unknown-dataset/resolve/main/data.csv"),
            (HttpMethod.Get, "/api/models/legacy-name"),
        ];

        foreach (var (method, url) in routes)
        {
            var request = ServeFixture.Request(method, url);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent([new("paths", "config.json")]);
            }

            var response = await client.SendAsync(request);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {url}");
            await response.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "RepoNotFound");
        }
    }

    [Fact]
    public async Task When_the_upstream_is_unreachable_Should_serve_stored_files_and_answer_504_for_missing_ones()
    {
        var main = await fixture.SyncAsync(_client);
        (await _client.GetAsync($"/{ShippedRepos.Wan}/resolve/main/config.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cold = main.Files.First(f => f.Size >= SyncFixture.SmallFileLimit);
        var offline = fixture.ApiWith(new Dictionary<string, string?> { ["Upstream:Endpoint"] = _deadEndpoint });
        using var client = ServeFixture.WithoutKey(offline.CreateClient());
        var requestsBefore = fixture.Simulator.Catalog.Requests.Count;
        var jobsBefore = await fixture.WithDbAsync(db => db.Jobs.CountAsync());

        var stored = await client.GetAsync($"/{ShippedRepos.Wan}/resolve/main/config.json");
        var tree = await client.GetAsync($"/api/models/{ShippedRepos.Wan}/tree/main?recursive=true");
        var clock = Stopwatch.StartNew();
        var missing = await client.GetAsync($"/{ShippedRepos.Wan}/resolve/main/{cold.Path}");
        var missingHead = await client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{ShippedRepos.Wan}/resolve/main/{cold.Path}"));

        stored.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stored.Content.ReadAsByteArrayAsync()).ShouldBe(main.File("config.json").ReadAllBytes());
        tree.StatusCode.ShouldBe(HttpStatusCode.OK);
        await missing.ShouldBeHubErrorAsync(HttpStatusCode.GatewayTimeout, null);
        missing.Header("X-Error-Message").ShouldContain("not stored in ModelHub");
        missing.Header("X-Error-Message").ShouldContain("unreachable");
        await missingHead.ShouldBeHubErrorAsync(HttpStatusCode.GatewayTimeout, null);
        // A refused connection fails at once and its retries wait 0.05–1 s here; what this bound catches is an attempt that
        // waited for an answer instead, each costing Upstream:AttemptTimeout (30 s): far above any loaded machine's time.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(25), "no attempt waited out its 30 s timeout");
        // The offline Api cannot reach the simulator, but the fixture's SyncService can: no job was handed to it either.
        (await fixture.WithDbAsync(db => db.Jobs.CountAsync())).ShouldBe(jobsBefore, "the offline Api started no sync or download");
        fixture.Simulator.Catalog.Requests.Count.ShouldBe(requestsBefore);
        File.Exists(Path.Combine(fixture.StoreRoot, "blobs", "sha256", cold.Sha256)).ShouldBeFalse();
    }

    [Fact]
    public async Task When_repositories_are_synced_Should_record_who_may_read_them_and_serve_from_the_record_while_offline()
    {
        var repoId = $"sim/public-{Guid.NewGuid():N}"[..32];
        fixture.Simulator.Catalog.AddRepo(repoId, b => b.Text("config.json", "{\"answer\": 42}\n"));
        await fixture.SyncAsync(_client, repoId);
        await fixture.SyncAsync(_client, ShippedRepos.Gated);
        var offline = fixture.ApiWith(new Dictionary<string, string?> { ["Upstream:Endpoint"] = _deadEndpoint });
        using var client = ServeFixture.WithoutKey(offline.CreateClient());

        var publicRecord = await (await _client.GetAsync($"/v1/hub/models/{repoId}")).ReadJsonAsync();
        var gatedRecord = await (await _client.GetAsync($"/v1/hub/models/{ShippedRepos.Gated}")).ReadJsonAsync();
        var anonymous = await client.GetAsync($"/{repoId}/resolve/main/config.json");
        var anonymousGated = await client.GetAsync($"/{ShippedRepos.Gated}/resolve/main/config.json");

        (publicRecord["access"]!.GetValue<string>(), gatedRecord["access"]!.GetValue<string>()).ShouldBe(("public", "gated"));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.OK, "the record says public: no upstream needed");
        (await anonymous.Content.ReadAsStringAsync()).ShouldBe("{\"answer\": 42}\n");
        await anonymousGated.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
    }

    [Fact]
    public async Task When_the_upstream_gates_a_repository_after_its_sync_Should_record_it_in_the_background()
    {
        var repoId = $"sim/gated-later-{Guid.NewGuid():N}"[..32];
        fixture.Simulator.Catalog.AddRepo(repoId, b => b.Text("config.json", "{}\n"));
        await fixture.SyncAsync(_client, repoId);
        fixture.Simulator.Catalog[repoId].Gated = GateMode.Manual;
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["HubApi:GateRefresh"] = "00:00:01" });
        using var client = ServeFixture.WithoutKey(api.CreateClient());
        var url = $"/{repoId}/resolve/main/config.json";

        var refused = await Poll.UntilOrLastAsync(
            () => client.GetAsync(url), response => response.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));
        var record = await (await _client.GetAsync($"/v1/hub/models/{repoId}")).ReadJsonAsync();

        await refused.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        (record["access"]!.GetValue<string>(), record["access_set_by_admin"]!.GetValue<bool>()).ShouldBe(("gated", false));
    }
}
